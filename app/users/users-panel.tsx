'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { csrfHeaders } from '@/app/_components/auth/csrf';
import { ROLES } from '@/lib/auth/roles';

interface UserRow { id: number; email: string; role: string; createdAt: string }

async function send(url: string, method: string, body?: unknown): Promise<string | null> {
  const response = await fetch(url, {
    method,
    headers: { ...csrfHeaders(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.ok) return null;
  const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return json?.error?.message ?? `failed (${response.status})`;
}

export function UsersPanel({ users, self }: { users: UserRow[]; self: number | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const act = async (url: string, method: string, body?: unknown) => {
    const problem = await send(url, method, body);
    setError(problem);
    if (!problem) router.refresh();
    return problem;
  };
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    const problem = await act('/api/users', 'POST', { email: form.get('email'), role: form.get('role'), password: form.get('password') });
    if (!problem) target.reset();
  };
  return (
    <>
      <section className="panel">
        <h2>Add a user</h2>
        <form className="form-grid" onSubmit={create}>
          <label>Email<input name="email" type="email" required /></label>
          <label>Role<select name="role" defaultValue="viewer">{ROLES.map((r) => <option key={r}>{r}</option>)}</select></label>
          <label>Password (12+ characters)<input name="password" type="password" autoComplete="new-password" required minLength={12} /></label>
          <button type="submit" className="primary">Add user</button>
        </form>
        {error ? <p className="error-text" role="alert">{error}</p> : null}
      </section>
      <section className="panel">
        <h2>Users</h2>
        <div className="table-scroll">
          <table className="data" data-testid="users">
            <thead><tr><th>Email</th><th>Role</th><th>Created</th><th /></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>
                    <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => act(`/api/users/${u.id}`, 'PATCH', { role: e.target.value })}>
                      {ROLES.map((r) => <option key={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>{u.createdAt.slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>
                    {u.id === self ? <span className="muted">you</span> : (
                      <button type="button" className="link" onClick={() => window.confirm(`Delete ${u.email} with their sessions and tokens?`) && act(`/api/users/${u.id}`, 'DELETE')}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
