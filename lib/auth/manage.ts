import type { Db } from '@/lib/db/client';
import { recordAudit } from '@/lib/settings/audit';
import { actorOf, roleOf, type Principal } from './access';
import { ROLES, SCOPES_OF_ROLE, type Role, type TokenScope } from './roles';
import { revokeUserSessions } from './sessions';
import { createApiToken, findTokenOwner, forgetUserTokens, listApiTokens, revokeApiToken, type TokenInfo } from './tokens';
import { createUser, deleteUser, setUserRole, UserProblem, type User } from './users';

/** Users and tokens as the Users and Tokens pages change them: each change audited with its actor. */

export async function addUser(db: Db, by: Principal, input: { email: string; role: Role; password: string }): Promise<User> {
  const user = await createUser(db, input);
  await recordAudit(db.prisma, { actor: actorOf(by), action: 'user.create', entity: 'user', entityId: user.email, after: { role: user.role } });
  return user;
}

export async function changeUserRole(db: Db, by: Principal, id: number, role: Role): Promise<User> {
  const { before, after } = await setUserRole(db, id, role);
  forgetUserTokens(id);
  await recordAudit(db.prisma, { actor: actorOf(by), action: 'user.role', entity: 'user', entityId: after.email, before: { role: before.role }, after: { role: after.role } });
  return after;
}

export async function removeUser(db: Db, by: Principal, id: number): Promise<User> {
  if (by.kind === 'user' && by.user.id === id) throw new UserProblem('You cannot delete yourself.');
  await revokeUserSessions(db, id);
  const user = await deleteUser(db, id);
  forgetUserTokens(id);
  await recordAudit(db.prisma, { actor: actorOf(by), action: 'user.delete', entity: 'user', entityId: user.email, before: { role: user.role } });
  return user;
}

const ownerOf = (principal: Principal) => (principal.kind === 'user' ? principal.user.id : null);

/** The tokens a principal sees: an admin every token, anyone else their own. */
export function tokensFor(db: Db, principal: Principal): Promise<TokenInfo[]> {
  return listApiTokens(db, roleOf(principal) === 'admin' ? null : ownerOf(principal));
}

/** The scopes a principal may give a new token: what its role allows. */
export const grantableScopes = (principal: Principal): readonly TokenScope[] => SCOPES_OF_ROLE[roleOf(principal) ?? ROLES[0]];

export async function addToken(db: Db, by: Principal, name: string, scopes: readonly TokenScope[]): Promise<{ id: number; token: string }> {
  const allowed = grantableScopes(by);
  const refused = scopes.filter((s) => !allowed.includes(s));
  if (refused.length) throw new UserProblem(`Your role may not give a token the ${refused.join(', ')} scope (it may give: ${allowed.join(', ')}).`);
  const created = await createApiToken(db, name, scopes, ownerOf(by));
  await recordAudit(db.prisma, { actor: actorOf(by), action: 'token.create', entity: 'token', entityId: String(created.id), after: { name, scopes } });
  return created;
}

/** Revokes a token: its owner's, or anyone's for an admin. False when there is no such token for them. */
export async function removeToken(db: Db, by: Principal, id: number): Promise<boolean> {
  const { exists, userId } = await findTokenOwner(db, id);
  if (!exists || (roleOf(by) !== 'admin' && userId !== ownerOf(by))) return false;
  await revokeApiToken(db, id);
  await recordAudit(db.prisma, { actor: actorOf(by), action: 'token.revoke', entity: 'token', entityId: String(id) });
  return true;
}
