// GET /staff/admin: people, invitations, desks and their keys, routing rules. Being admin
// grants no reading: desks are created here with their secret sealed to members only.
import type { StaffRole } from '../../domain/staff/roles.ts';
import { CreateDeskForm, DeskList, DeskRecoveryKey } from './AdminDesks.tsx';
import { InviteForm, StaffTable } from './AdminStaff.tsx';
import { sayer, type StaffPage } from './context.ts';
import { RoutingRules, type RoutingView } from './RoutingRules.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export interface AdminStaffMember {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  publicKey: string;
}

export interface AdminDesk {
  id: string;
  slug: string;
  name: string;
  keyVersion: number;
  members: { staffId: string; hasCurrentKey: boolean }[];
}

export interface AdminPageProps {
  page: StaffPage;
  staff: AdminStaffMember[];
  desks: AdminDesk[];
  routing: RoutingView | null;
  otherLanguageHref: string;
}

export function AdminPage({ page, staff, desks, routing, otherLanguageHref }: AdminPageProps) {
  const say = sayer(page);
  return (
    <StaffLayout page={page} title={say('admin.title')} kind="admin" otherLanguageHref={otherLanguageHref}>
      <h1>{say('admin.title')}</h1>
      <h2>{say('admin.staff')}</h2>
      <StaffTable page={page} staff={staff} />
      <h2>{say('admin.invite')}</h2>
      <InviteForm page={page} desks={desks} />
      <h2>{say('admin.desks')}</h2>
      <DeskList page={page} desks={desks} staff={staff} />
      <h2>{say('admin.deskCreate')}</h2>
      <CreateDeskForm page={page} staff={staff} />
      <DeskRecoveryKey page={page} />
      <h2>{say('admin.routing')}</h2>
      <RoutingRules page={page} routing={routing} desks={desks} />
    </StaffLayout>
  );
}
