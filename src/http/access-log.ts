// The access log, when enabled: method, route pattern and status, nothing else. The route
// pattern (`/api/v1/uploads/:uploadId/chunks/:index`) rather than the path keeps ids out of logs.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

export function accessLog(write: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    await next();
    write(`${c.req.method} ${routePath(c, -1)} ${c.res.status}`);
  };
}
