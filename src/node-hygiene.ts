// Request hygiene on Node, before the request exists: the server's fetch callback strips every
// header outside the allowlist of src/http/hygiene.ts from the Node request (`headers` and
// `rawHeaders`), after @hono/node-server has built the URL from Host and before anything has
// read a header. The app's sourceHygiene middleware still checks every request and rebuilds
// any that carries more; on Node it then finds nothing to remove and skips rebuilding the
// request, which would otherwise re-stream every body through a web ReadableStream.
import { IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import { allowedHeaders, type HygieneOptions } from './http/hygiene.ts';

export function stripIncomingHeaders(incoming: IncomingMessage, url: string, options: HygieneOptions): void {
  const raw = incoming.rawHeaders;
  // Header values as fetch's Headers.get reports them: repeated headers joined.
  const get = (name: string): string | null => {
    let value: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.toLowerCase() !== name) continue;
      const item = raw[i + 1]!.trim();
      value = value === null ? item : `${value}${name === 'cookie' ? '; ' : ', '}${item}`;
    }
    return value;
  };
  const kept = allowedHeaders(new URL(url).pathname, get, options);
  const headers: IncomingHttpHeaders = {};
  const rawHeaders: string[] = [];
  for (const [name, value] of kept) {
    headers[name] = value;
    rawHeaders.push(name, value);
  }
  incoming.headers = headers;
  incoming.rawHeaders = rawHeaders;
}

type Fetch = (request: Request, env: object) => Response | Promise<Response>;

/**
 * The fetch callback for @hono/node-server: strips the Node request's headers, then calls the
 * app with no bindings, so the Node request and its socket stay out of `c.env`.
 */
export function hygienicFetch(fetch: Fetch, options: HygieneOptions): (request: Request, bindings: { incoming?: unknown }) => Response | Promise<Response> {
  return (request, bindings) => {
    if (bindings.incoming instanceof IncomingMessage) stripIncomingHeaders(bindings.incoming, request.url, options);
    return fetch(request, {});
  };
}
