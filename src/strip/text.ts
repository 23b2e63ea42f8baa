// Plain text and CSV carry no metadata container: they pass unchanged, once the whole file is
// confirmed to be text (detection only looked at its first bytes).
import { reject } from './errors.ts';
import { cleanedBytes, readAll } from './source.ts';
import type { Stripper } from './types.ts';

const BINARY_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/;

export const stripText: Stripper = async (source, _kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { status: 'unsupported', kind: 'unknown', reason: 'the file starts like text but is not UTF-8 text throughout' };
  }
  if (BINARY_CONTROLS.test(text)) {
    return { status: 'unsupported', kind: 'unknown', reason: 'the file starts like text but contains binary data' };
  }
  if (text.length === 0) reject('malformed', 'the file is empty');
  return cleanedBytes('text', 'text/plain; charset=utf-8', bytes, []);
};
