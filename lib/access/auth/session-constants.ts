/** The organisation the user switched to (validated against memberships on every read). */
export const ACTIVE_ORG_COOKIE = 'atlas_org';
