import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What `next build` compiles: a change to any of these makes the build stale. */
export const BUILD_INPUTS = ['app', 'lib', 'package-lock.json', 'next.config.js', 'tsconfig.json'];

// Tests are never bundled into the app, so editing one does not cost a rebuild.
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

function listFiles(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    out.push(rel);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) listFiles(root, child, out);
    else if (entry.isFile() && !isTest(entry.name)) out.push(child);
  }
}

/** sha256 over the path and content of every build input, in a stable order. */
export function sourceFingerprint(root: string, inputs = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) listFiles(root, input, files);
  const hash = createHash('sha256');
  for (const rel of files.sort()) {
    hash.update(rel.split(path.sep).join('/')).update('\0');
    hash.update(readFileSync(path.join(root, rel))).update('\0');
  }
  return hash.digest('hex');
}
