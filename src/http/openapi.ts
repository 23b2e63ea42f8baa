// GET /api/v1/staff/openapi.json: an OpenAPI 3.1 description of the staff API, generated from
// the same zod schemas the routes validate with (z.toJSONSchema), so it cannot drift from what
// the server accepts. Each staff route file registers its routes here at import time
// (`registerStaffRoutes`); tests/http/openapi.test.ts checks that every mounted route is
// registered. Written by hand for the few fields a schema cannot say: summary and response.
import { Hono } from 'hono';
import { z } from 'zod';
import { leadRouteDocs } from './openapi-lead.ts';
import type { StaffEnv } from './staff-auth.ts';

export const STAFF_API_BASE = '/api/v1/staff';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Relative to /api/v1/staff, as mounted in Hono (`/drafts/:draftId`). */
  path: string;
  summary: string;
  /** The JSON body's schema, as passed to jsonBody(). */
  body?: z.ZodType;
  /** The query string's schema (an object of optional strings, mostly). */
  query?: z.ZodObject;
  /** What a success returns, in words (`{ id }`); errors are always `{ error: { code, message } }`. */
  response: string;
  /** Success status (default 200). */
  status?: number;
  /** Reachable without a session (login, enrollment). */
  open?: boolean;
}

const registry = new Map<string, RouteDoc>();

/** Called by each staff route file, once, with every route it defines. */
export function registerStaffRoutes(docs: readonly RouteDoc[]): void {
  for (const doc of docs) registry.set(`${doc.method} ${doc.path}`, doc);
}

export function registeredStaffRoutes(): RouteDoc[] {
  return [...registry.values()];
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // io 'input': what a client sends (base64 strings), not what the transforms make of it.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};

function operation(doc: RouteDoc) {
  const pathParams = [...doc.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } }));
  const queryShape = doc.query ? jsonSchema(doc.query) as { properties?: Record<string, unknown>; required?: string[] } : undefined;
  const queryParams = Object.entries(queryShape?.properties ?? {}).map(([name, schema]) => ({
    name, in: 'query', required: queryShape?.required?.includes(name) ?? false, schema,
  }));
  const security = doc.open ? [] : doc.method === 'get' ? [{ staffSession: [] }] : [{ staffSession: [], csrfToken: [] }];
  return {
    summary: doc.summary,
    operationId: `${doc.method}${doc.path.replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`,
    security,
    ...(pathParams.length + queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } } } : {}),
    responses: {
      [String(doc.status ?? 200)]: { description: doc.response },
      '4XX': { description: 'Refused; `error.code` says why (docs/api.md)', content: { 'application/json': { schema: errorSchema } } },
    },
  };
}

export function openApiDocument(docs: readonly RouteDoc[] = registeredStaffRoutes()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of [...docs].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = STAFF_API_BASE + doc.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[doc.method] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tipline staff API', version: '1', description: 'JSON; bytes as standard base64; ids as 32 hex digits. Every change needs the session’s X-CSRF-Token.' },
    components: {
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'tl_staff' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
    paths,
  };
}

// The lead's route files only export their schemas; their entries live in openapi-lead.ts.
registerStaffRoutes(leadRouteDocs);
registerStaffRoutes([{ method: 'get', path: '/openapi.json', summary: 'This document', response: 'OpenAPI 3.1' }]);

/** Mounted behind staffAuth: the description of the staff API is for staff (and their CMS plugins). */
export function openApiRoutes() {
  let document: ReturnType<typeof openApiDocument> | undefined;
  // Built on first request, when every route file has registered.
  return new Hono<StaffEnv>().get('/openapi.json', (c) => c.json(document ??= openApiDocument()));
}
