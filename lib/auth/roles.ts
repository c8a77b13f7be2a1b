/**
 * Who may do what, by role: each role may do everything the one before it may.
 * viewer: dashboards and reports. finance: also uploads, closing days, restatements, prices and
 * rates. admin: also users, tokens of others, organisation settings, deleting ingest jobs.
 */
export const ROLES = ['viewer', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const roleAtLeast = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** What an API token may be allowed: push telemetry, read figures, administer. */
export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const isTokenScope = (value: string): value is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(value);

/** The scopes a role's tokens may carry: a token never does more than its user could. */
export const SCOPES_OF_ROLE: Readonly<Record<Role, readonly TokenScope[]>> = {
  viewer: ['read'],
  finance: ['read', 'ingest'],
  admin: ['read', 'ingest', 'admin'],
};
