import type { Metadata } from 'next';
import { guardPage } from '@/app/_components/auth/access';
import { grantableScopes, tokensFor } from '@/lib/auth/manage';
import { getDb } from '@/lib/db/client';
import { TokensPanel } from './tokens-panel';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens' };

const iso = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null);

export default async function TokensPage() {
  const access = await guardPage('/tokens');
  if ('denied' in access) return access.denied;
  const tokens = await tokensFor(await getDb(), access.principal);
  return (
    <>
      <header className="page-header">
        <h1>API tokens</h1>
        <p className="subtitle">
          For scripts and senders (<code>Authorization: Bearer …</code>): ingest pushes telemetry, read fetches figures and reports, admin
          deletes ingest jobs and lists users. A token acts within its owner&apos;s current role; it is shown once and stored hashed.
        </p>
      </header>
      <TokensPanel
        scopes={[...grantableScopes(access.principal)]}
        tokens={tokens.map((t) => ({ ...t, createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) }))}
      />
    </>
  );
}
