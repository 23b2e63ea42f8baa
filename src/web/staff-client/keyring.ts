// The desk keys this staff member can use: their desks with each granted desk secret sealed to
// their personal key (inlined in pages that decrypt, else from GET /me), opened here, in memory,
// for this page only. Tip keys, reply keys and desk secrets never leave the browser.
import { boxKeyPairFromSecretKey, fromBase64, openSealed, type KeyPair } from '../../crypto/index.ts';
import { api } from './api.ts';
import { ensurePersonalKey } from './unlock.ts';

export interface MeDesk {
  id: string;
  slug: string;
  name: string;
  keyVersion: number;
  publicKey: string;
  grants: { version: number; sealedSecret: string }[];
}

export interface Me {
  staff: { id: string; username: string; displayName: string; role: string };
  csrfToken: string;
  publicKey: string;
  encryptedSecretKey: string;
  desks: MeDesk[];
}

export class Keyring {
  private readonly opened = new Map<string, KeyPair>();

  constructor(readonly desks: MeDesk[], private readonly personal: KeyPair) {}

  desk(deskId: string): MeDesk | undefined {
    return this.desks.find((d) => d.id === deskId);
  }

  /** The desk's key pair of that version, or null when it was never granted to this member. */
  deskKey(deskId: string, version: number): KeyPair | null {
    const id = `${deskId}:${version}`;
    const cached = this.opened.get(id);
    if (cached) return cached;
    const grant = this.desk(deskId)?.grants.find((g) => g.version === version);
    if (!grant) return null;
    const secret = openSealed(fromBase64(grant.sealedSecret), this.personal);
    // The current version's public key is on the page already: no need to recompute it. (A wrong
    // one could only make opening fail: sealed boxes are authenticated.)
    const desk = this.desk(deskId)!;
    const pair = version === desk.keyVersion ? { secretKey: secret, publicKey: fromBase64(desk.publicKey) } : boxKeyPairFromSecretKey(secret);
    if (pair.secretKey !== secret) secret.fill(0);
    this.opened.set(id, pair);
    return pair;
  }

  /** Opens a key sealed to a desk key (a tip key, a reply key); null without the desk key. */
  openForDesk(deskId: string, version: number, sealed: string): Uint8Array | null {
    const key = this.deskKey(deskId, version);
    return key ? openSealed(fromBase64(sealed), key) : null;
  }
}

/** The desks and grants the page carries (#desk-keys), or null when it has none. */
function desksOnPage(): MeDesk[] | null {
  const list = document.getElementById('desk-keys');
  if (!list) return null;
  return [...list.querySelectorAll<HTMLElement>('li')].map((li) => ({
    id: li.dataset.deskId!, slug: li.dataset.slug!, name: li.dataset.name!, keyVersion: Number(li.dataset.keyVersion), publicKey: li.dataset.publicKey!,
    grants: (li.dataset.grants ?? '').split(' ').filter(Boolean).map((g) => {
      const at = g.indexOf(':');
      return { version: Number(g.slice(0, at)), sealedSecret: g.slice(at + 1) };
    }),
  }));
}

let loading: Promise<Keyring> | null = null;

/** The keyring for this page (asks for the passphrase first if the tab lost the personal key). */
export function keyring(): Promise<Keyring> {
  loading ??= (async () => {
    const staffId = document.body.dataset.staffId ?? '';
    const inline = desksOnPage();
    const [desks, personal] = await Promise.all([
      inline ? Promise.resolve(inline) : api<Me>('GET', '/me').then((me) => me.desks), ensurePersonalKey(staffId),
    ]);
    return new Keyring(desks, personal);
  })();
  return loading;
}
