import { roleCan, type TPermission, type TRole } from './roles';

/**
 * What a caller may see: every query in lib/queries takes one and filters by it. Domain ids
 * are the ones to show data for (all of the organisation's for owners and admins, the granted
 * ones for viewers); organisation ids bound organisation-level lists (members, tokens, audit).
 */
export interface TAccessScope {
  organizationIds: number[];
  domainIds: number[];
}

/** The part of a scope that per-domain queries (the sender map's) check. */
export type TDomainScope = Pick<TAccessScope, 'domainIds'>;

/** Who is calling, in which organisation, with which rights. */
export interface TActor {
  kind: 'user' | 'token';
  userId: number | null;
  tokenId: number | null;
  /** E-mail address or token name, for the audit log. */
  label: string;
  organizationId: number;
  organizationName: string;
  role: TRole;
  /** Set for API tokens: what the token may do whatever the role says. */
  tokenScope: 'read' | 'ingest' | null;
  isInstanceAdmin: boolean;
  scope: TAccessScope;
}

export function actorCan(actor: TActor, permission: TPermission): boolean {
  if (actor.kind === 'token') return permission === 'reports.ingest' && actor.tokenScope === 'ingest';
  return roleCan(actor.role, permission);
}

/** Scope of an organisation's member: everything for owners/admins, the grants for viewers. */
export function memberScope(input: { organizationId: number; role: TRole; allDomainIds: number[]; grantedDomainIds: number[] }): TAccessScope {
  const granted = new Set(input.grantedDomainIds);
  return {
    organizationIds: [input.organizationId],
    domainIds: input.role === 'viewer' ? input.allDomainIds.filter((id) => granted.has(id)) : [...input.allDomainIds],
  };
}
