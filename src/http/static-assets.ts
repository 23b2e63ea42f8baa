// GET /static/*: the stylesheet (a module string, so every runtime serves it) and the browser
// bundle, which comes from an injected store (Node: dist/web/, see src/web/assets-node.ts).
// Without a bundle the scripts answer 404 and the pages work without JavaScript.
import { Hono } from 'hono';
import { APP_CSS } from '../web/styles.ts';

export interface StaticAssets {
  /**
   * A built file by name (e.g. `source.js`), or null when there is none; `gzip`, when the store
   * has it, is the same file compressed ahead of time (scripts/build-web.ts).
   */
  get(path: string): Promise<{ body: Uint8Array; type: string; gzip?: Uint8Array } | null>;
}

/** Names the store is ever asked for; the store keeps its own allowlist too. */
const ASSET_NAME = /^[a-z0-9][a-z0-9-]{0,62}\.js$/;

export function staticRoutes(assets?: StaticAssets) {
  return new Hono()
    .get('/app.css', (c) => c.body(APP_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }))
    .get('/:name', async (c) => {
      const name = c.req.param('name');
      const asset = assets && ASSET_NAME.test(name) ? await assets.get(name) : null;
      if (!asset) return c.text('not found', 404);
      // Compressed ahead of time, so nothing secret is ever compressed beside attacker input.
      const gzip = asset.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
      return c.body((gzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': asset.type,
        vary: 'Accept-Encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
    });
}
