// The HTTP plumbing shared by the reference submitter and its uploader: one JSON error shape
// turned into SubmitError, and the retry rule for steps that are safe to repeat.

export class SubmitError extends Error {
  override readonly name = 'SubmitError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** On `stale_key`, `conversation_moved` and `rerouted`: the desk's current key, to re-seal to. */
    readonly currentKey?: { version: number; publicKey: string },
    /** On `conversation_moved` and `rerouted`: the desk to seal to now; on `busy`: seconds to wait. */
    readonly details: { desk?: string; retryAfter?: number } = {},
  ) {
    super(message);
  }
}

type ErrorBody = {
  error?: { code?: string; message?: string; currentKey?: { version: number; publicKey: string }; desk?: string; retryAfter?: number };
};

export type Call = <T>(path: string, init?: RequestInit) => Promise<T>;

/** Any non-2xx answer becomes a SubmitError carrying the server's error code. */
export function apiCaller(server: string, http: typeof fetch): Call {
  const base = server.replace(/\/+$/, '');
  return async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await http(`${base}${path}`, init);
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as ErrorBody | null;
      const e = body?.error;
      throw new SubmitError(response.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${response.status}`, e?.currentKey, {
        desk: e?.desk, retryAfter: e?.retryAfter,
      });
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}

export const postJson = <T>(call: Call, path: string, body: unknown) =>
  call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A network failure (fetch rejects with a TypeError), a 5xx or a 429: worth trying again. */
export function isTransient(error: unknown): boolean {
  return !(error instanceof SubmitError) || error.status >= 500 || error.status === 429;
}

export interface RetryPolicy {
  /** Tries per request before giving up on it (default 5). */
  attempts: number;
  /** First backoff; doubles on each try (default 400 ms: 0.4 + 0.8 + 1.6 + 3.2 s). */
  baseDelayMs: number;
  /** Times an upload starts over from GET /uploads/{id} after a request gave up (default 8). */
  resumes: number;
  /** Longest wait before a resume (default 30 s); the waits double from baseDelayMs * 4. */
  maxResumeDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 400, resumes: 8, maxResumeDelayMs: 30_000 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries transient failures with backoff. Only for idempotent steps: chunk PUTs (a chunk may
 * be sent again until the upload is finished), finishing (harmless twice) and status reads.
 */
export async function withRetry<T>(step: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.attempts) throw error;
      const hinted = error instanceof SubmitError ? (error.details.retryAfter ?? 0) * 1000 : 0;
      await sleep(Math.max(hinted, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
