// The staff API, /api/v1/staff: login and enrollment open, everything else behind the session
// check (staff-auth.ts). Each resource is its own sub-app; add new ones to `authed` below.
import { Hono } from 'hono';
import type { DomainContext } from '../domain/context.ts';
import { staffAdminRoutes } from './staff-admin.ts';
import { noStore, staffAuth, type StaffEnv } from './staff-auth.ts';
import { staffSessionRoutes } from './staff-session.ts';

export function staffApi(ctx: DomainContext) {
  const authed = new Hono<StaffEnv>();
  authed.use('*', staffAuth(ctx));
  authed.route('/', staffAdminRoutes(ctx));

  const api = new Hono<StaffEnv>();
  api.use('*', noStore);
  api.route('/', staffSessionRoutes(ctx));
  api.route('/', authed);
  return api;
}
