// What the Worker receives from Cloudflare: its bindings (wrangler.toml [vars], secrets, the
// static assets binding) and the few runtime shapes it uses. Declared here rather than taken
// from @cloudflare/workers-types, whose globals clash with the DOM and Node types the rest of
// the project compiles against.

export interface Env {
  /** Secret: `libsql://…` or `https://…` of the libSQL server (Turso), `http://…` for a local sqld. */
  DATABASE_URL: string;
  /** Secret: the server's auth token (Turso: `turso db tokens create`). */
  DATABASE_AUTH_TOKEN?: string;
  /** Workers static assets (wrangler.toml [assets] binding): the built dist/web. */
  ASSETS?: AssetsBinding;
  // [vars], as the Node server reads them from its environment (README).
  TIPLINE_ACCESS_LOG?: string;
  TIPLINE_NEWSROOM_NAME?: string;
  TIPLINE_NEWSROOM_INTRO?: string;
  TIPLINE_NEWSROOM_LOGO?: string;
  TIPLINE_ONION_ADDRESS?: string;
  TIPLINE_FORM_MAX_BYTES?: string;
  TIPLINE_FORM_SLOTS?: string;
  TIPLINE_MIN_MESSAGE_CHARS?: string;
  TIPLINE_POW_DIFFICULTY?: string;
  TIPLINE_INTAKE_PER_MINUTE?: string;
  TIPLINE_DESK_INTAKE_PER_MINUTE?: string;
  TIPLINE_UNFINISHED_UPLOAD_DAYS?: string;
  TIPLINE_DEFAULT_LOCALE?: string;
  /** The per-language texts too (TIPLINE_NEWSROOM_NAME_KO, ...): src/settings.ts reads them all. */
  [name: `TIPLINE_${string}`]: string | undefined;
}

/** The assets binding: a Fetcher answering with the files of the assets directory. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** The first argument of `scheduled` (a cron trigger firing). */
export interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}
