import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
/** Lets uploads stream for hours rather than Node's default 5 minutes (the file says why). */
export const UPLOAD_TIMEOUT_PRELOAD = fileURLToPath(new URL('./upload-timeout.mjs', import.meta.url));

export type NextCommand = 'build' | 'start' | 'dev';

export interface NextRun {
  root: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Where the child's stdout goes: this process's stdout, or its stderr (when stdout is reserved). */
  stdout?: 'stdout' | 'stderr';
}

/**
 * Runs the Next.js CLI as a child process and resolves with its exit code (128 + signal number
 * when a signal ended it). SIGINT, SIGTERM and SIGHUP sent to this process are passed on, so
 * the server shuts down cleanly before its database does.
 */
export function runNext(command: NextCommand, args: string[], { root, env = {}, stdout = 'stdout' }: NextRun): Promise<number> {
  const preload = command === 'start' ? ['--import', UPLOAD_TIMEOUT_PRELOAD] : [];
  const child = spawn(process.execPath, [...preload, nextBin, command, ...args], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['inherit', stdout === 'stdout' ? 'inherit' : process.stderr, 'inherit'],
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** A TCP port nothing listens on now, on 127.0.0.1 (for a server of our own to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Fails fast, before a long build, when another process already listens on the port. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use: choose another with --port or PORT`) : e),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a TCP port: ${value}`);
  return port;
}
