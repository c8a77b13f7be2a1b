import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SideNav } from './_components/side-nav';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'FleetLedger', template: '%s · FleetLedger' },
  description: 'Observability and cost analytics for disaggregated, expert-parallel LLM inference fleets',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <aside className="sidebar">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden="true">FL</span>
              FleetLedger
            </Link>
            <SideNav />
          </aside>
          <main className="main">{children}</main>
        </div>
      </body>
    </html>
  );
}
