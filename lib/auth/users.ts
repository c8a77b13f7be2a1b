import type { Db } from '@/lib/db/client';
import { hashPassword, passwordProblem } from './password';
import { isRole, type Role } from './roles';

export interface User {
  id: number;
  email: string;
  role: Role;
  createdAt: Date;
}

/** Thrown for a request about users that cannot be met as asked (the message says why). */
export class UserProblem extends Error {}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function toUser(row: { id: number; email: string; role: string; createdAt: Date }): User {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role "${row.role}"`);
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt };
}

export async function createUser(db: Db, input: { email: string; role: Role; password: string }): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw new UserProblem(`"${input.email}" is not an email address.`);
  const problem = passwordProblem(input.password);
  if (problem) throw new UserProblem(problem);
  if (await db.prisma.appUser.findUnique({ where: { email } })) throw new UserProblem(`A user ${email} exists already.`);
  const row = await db.prisma.appUser.create({ data: { email, role: input.role, passwordHash: await hashPassword(input.password) } });
  return toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.prisma.appUser.findMany({ orderBy: { email: 'asc' } })).map(toUser);
}

export async function countUsers(db: Db): Promise<number> {
  return db.prisma.appUser.count();
}

export async function findUserWithHash(db: Db, email: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await db.prisma.appUser.findUnique({ where: { email: normaliseEmail(email) } });
  return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
}

async function assertAnotherAdmin(db: Db, id: number): Promise<void> {
  const others = await db.prisma.appUser.count({ where: { role: 'admin', id: { not: id } } });
  if (others === 0) throw new UserProblem('This is the last admin: make another user admin first.');
}

/** A role change applies at once: sessions and tokens read the role on every request. */
export async function setUserRole(db: Db, id: number, role: Role): Promise<{ before: User; after: User }> {
  const before = await db.prisma.appUser.findUnique({ where: { id } });
  if (!before) throw new UserProblem(`No user ${id}.`);
  if (before.role === 'admin' && role !== 'admin') await assertAnotherAdmin(db, id);
  const after = await db.prisma.appUser.update({ where: { id }, data: { role } });
  return { before: toUser(before), after: toUser(after) };
}

/** Deletes the user with their sessions and tokens. */
export async function deleteUser(db: Db, id: number): Promise<User> {
  const row = await db.prisma.appUser.findUnique({ where: { id } });
  if (!row) throw new UserProblem(`No user ${id}.`);
  if (row.role === 'admin') await assertAnotherAdmin(db, id);
  await db.prisma.appUser.delete({ where: { id } });
  return toUser(row);
}

export async function setUserPassword(db: Db, id: number, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new UserProblem(problem);
  await db.prisma.appUser.update({ where: { id }, data: { passwordHash: await hashPassword(password) } });
}
