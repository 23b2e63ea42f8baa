// Who a staff request is from, once its session checked out (src/http/staff-auth.ts).
import type { StaffRole } from '../../db/schema.ts';

export interface StaffIdentity {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
export const MAX_DISPLAY_NAME = 80;

export const staffActor = (staff: { id: string }) => ({ kind: 'staff', id: staff.id }) as const;
