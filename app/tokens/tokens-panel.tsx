'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { csrfHeaders } from '@/app/_components/auth/csrf';

interface TokenRow { id: number; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; owner: string | null }

export function TokensPanel({ tokens, scopes }: { tokens: TokenRow[]; scopes: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const response = await fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrfHeaders() },
      body: JSON.stringify({ name: form.get('name'), scopes: form.getAll('scope') }),
    });
    const body = (await response.json().catch(() => null)) as { token?: string; error?: { message?: string } } | null;
    if (!response.ok || !body?.token) return setError(body?.error?.message ?? `failed (${response.status})`);
    setError(null);
    setCreated(body.token);
    router.refresh();
  };
  const revoke = async (id: number) => {
    const response = await fetch(`/api/tokens/${id}`, { method: 'DELETE', headers: csrfHeaders() });
    setError(response.ok ? null : `revoking failed (${response.status})`);
    router.refresh();
  };
  return (
    <>
      <section className="panel">
        <h2>New token</h2>
        <form className="form-grid" onSubmit={create}>
          <label>Name<input name="name" required maxLength={100} placeholder="prometheus remote write" /></label>
          <fieldset>
            <legend>Scopes</legend>
            {scopes.map((s) => <label key={s} className="inline"><input type="checkbox" name="scope" value={s} defaultChecked={s === 'read'} /> {s}</label>)}
          </fieldset>
          <button type="submit" className="primary">Create token</button>
        </form>
        {created ? (
          <p className="banner info" role="status" data-testid="new-token">
            Copy it now, it is not shown again: <code>{created}</code>
          </p>
        ) : null}
        {error ? <p className="error-text" role="alert">{error}</p> : null}
      </section>
      <section className="panel">
        <h2>Tokens</h2>
        <div className="table-scroll">
          <table className="data" data-testid="tokens">
            <thead><tr><th>Name</th><th>Owner</th><th>Scopes</th><th>Prefix</th><th>Created</th><th>Last used</th><th /></tr></thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.owner ?? 'CLI'}</td>
                  <td>{t.scopes.join(', ')}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td>{t.createdAt}</td>
                  <td>{t.lastUsedAt ?? 'never'}</td>
                  <td>{t.revokedAt ? <span className="muted">revoked {t.revokedAt}</span> : <button type="button" className="link" onClick={() => revoke(t.id)}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
