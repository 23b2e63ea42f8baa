// GET /api/v1/route and GET /api/v1/topics: what a source's client asks before sealing, so that
// it seals to the desk the routing rules send its tip to (src/domain/routing) and can offer the
// topics the newsroom routes on. Reads only; nothing about the asker is kept.
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { listTopics, resolveRoute } from '../domain/routing/route.ts';
import { validQuery } from './query.ts';
import { routeQuery } from './route-fields.ts';

export function sourceRouteRoutes(ctx: DomainContext) {
  return new Hono()
    .get('/route', validQuery(routeQuery), async (c) => {
      const { desk: chosenDesk, ...choices } = c.req.valid('query');
      const desk = await resolveRoute({ ctx, input: { chosenDesk, ...choices } });
      return c.json({ desk: desk.slug, keyVersion: desk.keyVersion, publicKey: toBase64(desk.publicKey) });
    })
    .get('/topics', async (c) => c.json({ topics: await listTopics({ ctx }) }));
}
