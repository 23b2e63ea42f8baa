// A bound on no-JavaScript form submissions in progress at once. Each holds its whole body in
// memory, several times over while it is parsed, stripped and sealed (up to 4-5x a 100 MB
// form), so without a bound a handful of large forms could exhaust the server. Excess forms get
// the calm busy page with Retry-After before their body is read; nothing is lost.
import type { MiddlewareHandler } from 'hono';
import type { PageContext } from '../web/pages/context.ts';
import { busyPage } from './page-render.ts';

export const DEFAULT_FORM_SLOTS = 2;
const RETRY_AFTER_SECONDS = 10;

export class FormSlots {
  private inUse = 0;
  constructor(readonly size: number) {}

  /** Middleware holding one slot for the rest of the request. */
  hold(page: PageContext): MiddlewareHandler {
    return async (c, next) => {
      if (this.inUse >= this.size) return busyPage(c, page, RETRY_AFTER_SECONDS);
      this.inUse += 1;
      try {
        await next();
      } finally {
        this.inUse -= 1;
      }
    };
  }
}
