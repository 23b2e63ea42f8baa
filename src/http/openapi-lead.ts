// The OpenAPI entries of the staff routes in staff-session.ts and staff-admin.ts, kept beside
// them rather than in them (those files only export their schemas). Registered by openapi.ts.
import type { RouteDoc } from './openapi.ts';
import { deskBody, grantBody, inviteBody, memberBody } from './staff-admin.ts';
import { enrollBody, loginBody, loginParametersBody, passphraseBody } from './staff-session.ts';

export const leadRouteDocs: RouteDoc[] = [
  { method: 'post', path: '/login/parameters', open: true, summary: 'The account’s key-derivation salt and cost (a decoy for unknown names)', body: loginParametersBody, response: '{ kdfSalt, kdfLogN }' },
  { method: 'post', path: '/login', open: true, summary: 'Log in with the derived login key and a TOTP or recovery code', body: loginBody, response: '{ staff, csrfToken, publicKey, encryptedSecretKey } and the tl_staff cookie' },
  { method: 'get', path: '/invites/:token', open: true, summary: 'What an invitation is for', response: '{ role, expiresAt }' },
  { method: 'post', path: '/enroll', open: true, summary: 'Enroll from an invitation', body: enrollBody, status: 201, response: '{ staff, csrfToken, recoveryCodes } and the tl_staff cookie' },
  { method: 'get', path: '/me', summary: 'The session’s account, its desks and desk key grants', response: '{ staff, csrfToken, publicKey, encryptedSecretKey, desks }' },
  { method: 'post', path: '/logout', summary: 'End the session', response: '{ ok: true }' },
  { method: 'post', path: '/passphrase', summary: 'Change the passphrase (the personal secret re-encrypted in the browser)', body: passphraseBody, response: '{ ok: true }' },
  { method: 'get', path: '/staff', summary: 'Every staff member', response: '{ staff: [{ id, username, displayName, role, active, publicKey }] }' },
  { method: 'post', path: '/invites', summary: 'Invite a staff member (admin)', body: inviteBody, status: 201, response: '{ token, expiresAt, path }' },
  { method: 'get', path: '/desks', summary: 'Desks with their members and pending grants (admin)', response: '{ desks: [{ id, slug, name, description, keyVersion, members }] }' },
  { method: 'post', path: '/desks', summary: 'Set up a desk with its key sealed to its first members (admin)', body: deskBody, status: 201, response: '{ id, slug, keyVersion }' },
  { method: 'post', path: '/desks/:deskId/members', summary: 'Add a member to a desk (admin)', body: memberBody, status: 201, response: '{ ok: true }' },
  { method: 'delete', path: '/desks/:deskId/members/:staffId', summary: 'Remove a member from a desk: grants gone, sessions ended (admin)', response: 'the offboarding outcome' },
  { method: 'post', path: '/desks/:deskId/grants', summary: 'Grant a desk key version to a member (by a member holding it)', body: grantBody, status: 201, response: '{ ok: true }' },
];
