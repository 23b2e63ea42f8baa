// GET /api/v1/desks: what a source needs to seal a tip to a desk.
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { listDesks } from '../domain/desks.ts';

export function deskRoutes(ctx: DomainContext) {
  return new Hono().get('/', async (c) => {
    const desks = await listDesks(ctx.db.read);
    return c.json({
      desks: desks.map((d) => ({
        slug: d.slug,
        name: d.name,
        description: d.description,
        keyVersion: d.keyVersion,
        publicKey: toBase64(d.publicKey),
      })),
    });
  });
}
