import { z } from 'zod';

export const ZRole = z.enum(['owner', 'admin', 'viewer']);
export type TRole = z.infer<typeof ZRole>;

export type TPermission =
  | 'members.manage' // invite, remove, change roles (admins: not owners, and never to owner)
  | 'members.manage_owners'
  | 'domains.manage'
  | 'tokens.manage'
  | 'audit.read'
  | 'reports.ingest'
  | 'mailboxes.manage'
  | 'sources.approve'
  | 'policy.manage'
  | 'alerts.manage'; // alert rules and webhooks, the job schedule page

// Owners can do everything; admins everything but touching owners; viewers only read the
// domains granted to them.
const GRANTS: Record<TRole, ReadonlySet<TPermission>> = {
  owner: new Set<TPermission>(['members.manage', 'members.manage_owners', 'domains.manage', 'tokens.manage', 'audit.read', 'reports.ingest', 'mailboxes.manage', 'sources.approve', 'policy.manage', 'alerts.manage']),
  admin: new Set<TPermission>(['members.manage', 'domains.manage', 'tokens.manage', 'audit.read', 'reports.ingest', 'mailboxes.manage', 'sources.approve', 'policy.manage', 'alerts.manage']),
  viewer: new Set<TPermission>(),
};

export function roleCan(role: TRole, permission: TPermission): boolean {
  return GRANTS[role].has(permission);
}

export const ROLE_LABELS: Record<TRole, string> = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' };
