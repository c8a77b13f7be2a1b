import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { roleOf } from '@/lib/auth/access';
import { currentCsrfToken, currentPrincipal } from './_components/auth/access';
import { UserBox } from './_components/auth/user-box';
import { SideNav } from './_components/side-nav';
import './globals.css';

// Every page shows who is signed in: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'FleetLedger', template: '%s · FleetLedger' },
  description: 'Observability and cost analytics for disaggregated, expert-parallel LLM inference fleets',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  const csrf = await currentCsrfToken();
  const role = roleOf(principal);
  return (
    <html lang="en">
      <head>{csrf ? <meta name="fleetledger-csrf" content={csrf} /> : null}</head>
      <body>
        <div className="shell">
          <aside className="sidebar">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden="true">FL</span>
              FleetLedger
            </Link>
            {role ? <SideNav role={role} /> : null}
            {principal.kind === 'user' ? <UserBox email={principal.user.email} role={principal.user.role} /> : null}
          </aside>
          <main className="main">
            {principal.kind === 'local' ? (
              <div className="banner warn" role="status" data-testid="signin-off">
                Sign-in is off: this server listens on 127.0.0.1 only and has no users, so anyone on this machine acts as admin.
                Create the first admin with <code>npm run user:create -- --email you@example.com --role admin</code> to turn it on.
              </div>
            ) : null}
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}
