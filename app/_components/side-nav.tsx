'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { roleAtLeast, type Role } from '@/lib/auth/roles';

interface NavItem {
  href: string;
  label: string;
  /** The least role that may open it (the access table's, lib/auth/access.ts). */
  role?: Role;
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
  {
    group: 'Data',
    items: [
      { href: '/upload', label: 'Upload', role: 'finance' }, { href: '/settings', label: 'Settings' },
      { href: '/tokens', label: 'API tokens' }, { href: '/users', label: 'Users', role: 'admin' },
    ],
  },
];

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function SideNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav className="side-nav" aria-label="Main">
      {NAV.map(({ group, items }) => (
        <div key={group} className="side-nav-group">
          <div className="side-nav-heading">{group}</div>
          <ul>
            {items.filter((item) => roleAtLeast(role, item.role ?? 'viewer')).map(({ href, label }) => (
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
