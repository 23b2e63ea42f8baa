// The staff API, /api/v1/staff: login and enrollment open, everything else behind the session
// check (staff-auth.ts). Each resource is its own sub-app; add new ones to `authed` below.
import { Hono } from 'hono';
import type { DomainContext } from '../domain/context.ts';
import { openApiRoutes } from './openapi.ts';
import { staffAdminRoutes } from './staff-admin.ts';
import { staffAuditRoutes } from './staff-audit.ts';
import { staffDraftRoutes } from './staff-drafts.ts';
import { staffRoutingRoutes } from './staff-routing.ts';
import { staffRotationRoutes } from './staff-rotation.ts';
import { noStore, staffAuth, type StaffEnv } from './staff-auth.ts';
import { staffSessionRoutes } from './staff-session.ts';
import { staffLabelRoutes } from './staff-labels.ts';
import { staffRetentionRoutes } from './staff-retention.ts';
import { staffTipRoutes } from './staff-tips.ts';

export function staffApi(ctx: DomainContext) {
  const authed = new Hono<StaffEnv>();
  authed.use('*', staffAuth(ctx));
  authed.route('/', staffAdminRoutes(ctx));
  authed.route('/', staffDraftRoutes(ctx));
  authed.route('/', staffRoutingRoutes(ctx));
  authed.route('/', openApiRoutes());
  authed.route('/', staffRotationRoutes(ctx));
  authed.route('/', staffTipRoutes(ctx)).route('/', staffLabelRoutes(ctx));
  authed.route('/', staffAuditRoutes(ctx));
  authed.route('/', staffRetentionRoutes(ctx));

  const api = new Hono<StaffEnv>();
  api.use('*', noStore);
  api.route('/', staffSessionRoutes(ctx));
  api.route('/', authed);
  return api;
}
