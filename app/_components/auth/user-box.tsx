'use client';

import { useState } from 'react';
import { csrfHeaders } from './csrf';

/** Who is signed in, with sign-out (this browser, or every session of theirs). */
export function UserBox({ email, role }: { email: string; role: string }) {
  const [busy, setBusy] = useState(false);
  const signOut = async (everywhere: boolean) => {
    setBusy(true);
    await fetch(`/api/auth/signout${everywhere ? '?everywhere=1' : ''}`, { method: 'POST', headers: csrfHeaders() });
    window.location.assign('/signin');
  };
  return (
    <div className="user-box" data-testid="user-box">
      <div className="user-email">{email}</div>
      <div className="user-role">{role}</div>
      <button type="button" className="link" disabled={busy} onClick={() => signOut(false)}>Sign out</button>
      <button type="button" className="link" disabled={busy} onClick={() => signOut(true)}>Sign out everywhere</button>
    </div>
  );
}
