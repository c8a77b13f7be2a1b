'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

interface NavItem {
  href: string;
  label: string;
}

// Only pages that exist are listed. Their intended order: Overview, Throughput, Cache,
// KV cache, Nodes, Latency, Load balance, Experts | Finance, Reports | Upload, Settings.
const NAV: { group: string; items: NavItem[] }[] = [
  { group: 'Fleet', items: [{ href: '/', label: 'Overview' }] },
  { group: 'Finance', items: [{ href: '/finance', label: 'Finance' }, { href: '/reports', label: 'Reports' }] },
  { group: 'Data', items: [{ href: '/upload', label: 'Upload' }, { href: '/settings', label: 'Settings' }] },
];

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function SideNav() {
  const pathname = usePathname();
  return (
    <nav className="side-nav" aria-label="Main">
      {NAV.map(({ group, items }) => (
        <div key={group} className="side-nav-group">
          <div className="side-nav-heading">{group}</div>
          <ul>
            {items.map(({ href, label }) => (
              <li key={href}>
                <Link href={href} aria-current={isActive(pathname, href) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
