// The built browser bundle on Node: files from `dist/web/` beside the repository root
// (scripts/build-web.ts writes them). A fixed allowlist of names, so no request can reach
// any other file, whatever its path says.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StaticAssets } from '../http/static-assets.ts';

const JS = 'text/javascript; charset=utf-8';
const ALLOWED = new Map<string, string>([
  ['source.js', JS],
  ['strip-worker.js', JS],
  ['seal-worker.js', JS],
  ['staff.js', JS],
]);

export const DIST_WEB = new URL('../../dist/web/', import.meta.url);

export function nodeAssets(dir: URL = DIST_WEB): StaticAssets {
  return {
    async get(path) {
      const type = ALLOWED.get(path);
      if (!type) return null;
      try {
        const body = new Uint8Array(await readFile(fileURLToPath(new URL(path, dir))));
        const gzip = await readFile(fileURLToPath(new URL(`${path}.gz`, dir))).then((b) => new Uint8Array(b), () => undefined);
        return { body, type, gzip };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
