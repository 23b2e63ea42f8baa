// The viewer's desk keys as the page hands them to the bundle: each desk's current public key and
// every desk secret granted to this member, sealed to their personal key (what GET /me returns;
// inlined so the bundle can start decrypting without another round trip). Opening them needs the
// personal secret key, which only the member's tab holds.
export interface DeskKeyGrants {
  id: string;
  slug: string;
  name: string;
  keyVersion: number;
  publicKey: string;
  grants: { version: number; sealedSecret: string }[];
}

export function DeskKeys({ desks }: { desks: DeskKeyGrants[] }) {
  return (
    <ul id="desk-keys" hidden>
      {desks.map((d) => (
        <li data-desk-id={d.id} data-slug={d.slug} data-name={d.name} data-key-version={String(d.keyVersion)} data-public-key={d.publicKey}
          data-grants={d.grants.map((g) => `${g.version}:${g.sealedSecret}`).join(' ')}></li>
      ))}
    </ul>
  );
}
