// File names inside a tip were chosen by a source, i.e. by anyone: before one becomes a path on
// an editor's disk it loses directories, control characters, reserved names and excess length.

const MAX_NAME_BYTES = 200;
const encoder = new TextEncoder();

export function sanitizeFileName(name: string): string {
  let clean = name
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(clean)) clean = `_${clean}`;
  while (encoder.encode(clean).length > MAX_NAME_BYTES) clean = [...clean].slice(0, -1).join('');
  return clean || 'file';
}

/** Makes `name` unique among `taken` by adding " (2)", " (3)"... before the extension. */
export function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
