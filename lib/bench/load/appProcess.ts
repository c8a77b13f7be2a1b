import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort, UPLOAD_TIMEOUT_PRELOAD } from '@/lib/launch/next';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AppProcess {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `next start` of the built app as `npm start` runs it (long uploads allowed), on a free loopback port, on `databaseUrl`, with `env` added. */
export async function startBuiltApp(databaseUrl: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', UPLOAD_TIMEOUT_PRELOAD, nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return { base, child, stop };
    await sleep(250);
  }
  await stop();
  throw new Error('the app did not start (GET /api/health never answered 200)');
}

/** Peak resident memory (VmHWM) of a process or the largest of its children, MB. */
export function peakRssMb(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return Math.max(...[pid, ...children].map((p) => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  }));
}
