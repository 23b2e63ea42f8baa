// Calls to the staff JSON API (/api/v1/staff) from the page: the session cookie goes by itself
// (SameSite=Strict), the CSRF token from the page's <meta> goes in X-CSRF-Token on every change.
// Only ciphertext and triage fields are ever sent: callers seal text before it gets here.
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

let csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

/** After login or enrollment the session (and its token) is new. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/v1/staff${path}`, {
    method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = error?.error?.code ?? 'http_error';
    // The session ended (idle or absolute timeout): back to the login page, then here again.
    if (response.status === 401 && document.body.dataset.page !== 'login' && document.body.dataset.page !== 'enroll') {
      const lang = document.documentElement.lang === 'ko' ? '&lang=ko' : '';
      location.assign(`/staff/login?next=${encodeURIComponent(location.pathname + location.search)}${lang}`);
    }
    throw new ApiError(response.status, code, error?.error?.message ?? `HTTP ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Raw bytes (a file's serialized part). */
export async function apiBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(`/api/v1/staff${path}`, { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
