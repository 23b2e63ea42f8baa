// The staff roles, re-exported for handlers (which may not import the schema module).
export { STAFF_ROLES, TIP_STATUSES, type StaffRole, type TipStatus } from '../../db/schema.ts';
