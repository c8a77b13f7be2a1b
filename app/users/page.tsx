import type { Metadata } from 'next';
import { guardPage } from '@/app/_components/auth/access';
import { listUsers } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { UsersPanel } from './users-panel';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const access = await guardPage('/users');
  if ('denied' in access) return access.denied;
  const users = await listUsers(await getDb());
  const self = access.principal.kind === 'user' ? access.principal.user.id : null;
  return (
    <>
      <header className="page-header">
        <h1>Users</h1>
        <p className="subtitle">
          viewer: dashboards and reports · finance: also uploads, closing days, restatements, prices and rates · admin: also users, tokens,
          organisation settings and deleting ingest jobs. A role change applies at once, to sessions and API tokens alike.
        </p>
      </header>
      <UsersPanel users={users.map((u) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt.toISOString() }))} self={self} />
    </>
  );
}
