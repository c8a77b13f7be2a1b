import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { guardPage } from '@/app/_components/auth/access';
import { countUsers } from '@/lib/auth/users';
import { safeNextPath } from '@/lib/auth/pageAccess';
import { getDb } from '@/lib/db/client';
import { SignInForm } from './signin-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const access = await guardPage('/signin');
  if ('denied' in access) return access.denied;
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (access.principal.kind === 'user' || access.principal.kind === 'local') redirect(next);
  const users = await countUsers(await getDb());
  return (
    <section className="panel signin">
      <h1>Sign in to FleetLedger</h1>
      {users === 0 ? (
        <div className="banner warn" role="status" data-testid="no-users">
          <p>No one can sign in yet: this server has no users, and it listens beyond this machine, so sign-in is required.</p>
          <p>Create the first admin on the server (there is no default password):</p>
          <pre>npm run user:create -- --email you@example.com --role admin</pre>
        </div>
      ) : null}
      <SignInForm next={next} />
    </section>
  );
}
