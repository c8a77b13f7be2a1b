'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

interface NavItem {
  href: string;
  label: string;
}

const NAV: { group: string; items: NavItem[] }[] = [
  {
    group: 'Fleet',
    items: [
      { href: '/', label: 'Overview' }, { href: '/throughput', label: 'Throughput' }, { href: '/cache', label: 'Cache' },
      { href: '/kv', label: 'KV cache' }, { href: '/nodes', label: 'Nodes' }, { href: '/latency', label: 'Latency' },
      { href: '/balance', label: 'Load balance' }, { href: '/experts', label: 'Experts' },
    ],
  },
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
