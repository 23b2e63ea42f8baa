// The little of workerd's modules these tests use, typed here: @cloudflare/workers-types would
// redeclare fetch, Request and Response globally, against the DOM and Node types of the rest.

declare module 'cloudflare:workers' {
  /** The Worker under test (wrangler.toml `main`), as a service binding. */
  interface WorkerFetcher {
    /** `cf` sets `request.cf`, as Cloudflare's edge does (the visitor's country, ASN, city…). */
    fetch(input: string | URL | Request, init?: RequestInit & { cf?: Record<string, unknown> }): Promise<Response>;
  }
  export const exports: { default: WorkerFetcher };
  /** The Worker's bindings (wrangler.toml plus the vitest config's miniflare.bindings). */
  export const env: import('../../../src/worker/env.ts').Env;
}

declare module 'cloudflare:test' {
  /** The controller workerd hands a `scheduled` handler when a cron trigger fires. */
  export function createScheduledController(options?: { scheduledTime?: Date; cron?: string }): import('../../../src/worker/env.ts').ScheduledController;
}
