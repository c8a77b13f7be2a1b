import { hostname, networkInterfaces } from 'node:os';
import { BIND_HOST_ENV, isLoopbackHost } from './signInMode';

/** Extra host names the server answers to (behind a proxy or DNS name): comma-separated. */
export const ALLOWED_HOSTS_ENV = 'FLEETLEDGER_ALLOWED_HOSTS';

const hostOnly = (host: string) => {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
};

let cached: { key: string; hosts: Set<string> } | undefined;

/**
 * The names this server answers to. A browser tricked into sending requests to a rebound name
 * (DNS rebinding) sends that name as Host, so anything else is refused: loopback names always;
 * the configured names; when listening beyond loopback with none configured, this machine's
 * name and addresses.
 */
export function allowedHosts(): Set<string> {
  const configured = process.env[ALLOWED_HOSTS_ENV] ?? '';
  const bind = process.env[BIND_HOST_ENV] ?? '';
  const key = `${configured}|${bind}`;
  if (cached?.key === key) return cached.hosts;
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  for (const h of configured.split(',').filter((h) => h.trim())) hosts.add(hostOnly(h));
  if (!configured.trim() && !isLoopbackHost(bind)) {
    hosts.add(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) hosts.add(a.family === 'IPv6' ? `[${a.address.split('%')[0].toLowerCase()}]` : a.address);
    }
    if (bind && bind !== '0.0.0.0' && bind !== '::') hosts.add(hostOnly(bind));
  }
  cached = { key, hosts };
  return hosts;
}

/** Whether a request's Host header names this server. */
export function hostAllowed(hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  const host = hostOnly(hostHeader);
  return allowedHosts().has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host a request was sent to: its Host header (always there over HTTP), else its URL's. */
export const requestHost = (request: Request) => request.headers.get('host') ?? new URL(request.url).host;
