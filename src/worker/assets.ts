// The browser bundle on Workers: the files of dist/web, uploaded as Workers static assets and
// read through the ASSETS binding, so /static/* goes through the app (hygiene, CSP and the
// other headers) like every other route; wrangler.toml runs the Worker first on every path.
import type { StaticAssets } from '../http/static-assets.ts';
import type { AssetsBinding } from './env.ts';

const JS = 'text/javascript; charset=utf-8';

export function workerAssets(binding: AssetsBinding): StaticAssets {
  return {
    async get(path) {
      // The route admits only `name.js`; the assets directory holds only what
      // scripts/build-web.ts wrote, so no other file can be reached whatever the name.
      if (!/^[a-z0-9][a-z0-9-]*\.js$/.test(path)) return null;
      const response = await binding.fetch(new Request(`https://assets.invalid/${path}`));
      if (response.status !== 200) {
        await response.body?.cancel();
        return null;
      }
      // No `gzip` twin: workerd compresses a body itself when the response names an encoding,
      // so pre-compressed bytes would be compressed twice; Cloudflare's edge compresses
      // JavaScript for browsers that take it.
      return { body: new Uint8Array(await response.arrayBuffer()), type: JS };
    },
  };
}
