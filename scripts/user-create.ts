/**
 * Creates a user who signs in to the web app. The password is asked for (not echoed), or read
 * from standard input with --password-stdin; there is no default password.
 * Usage: npm run -s user:create -- --email E --role viewer|finance|admin [--password-stdin]
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { ROLES, type Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { closeGlobalDb, getDb } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/startup';

const opts = new Command('user:create')
  .description('create a user of the web app (viewer, finance or admin)')
  .requiredOption('--email <email>', 'their email, which they sign in with')
  .addOption(new Option('--role <role>', 'what they may do').choices(ROLES).makeOptionMandatory())
  .option('--password-stdin', 'read the password from standard input instead of asking')
  .parse()
  .opts<{ email: string; role: Role; passwordStdin?: boolean }>();

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
async function ask(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({ write: (chunk, _enc, done) => { if (!muted) process.stderr.write(chunk); done(); } });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = rl.question(question);
  muted = true;
  const value = await answer;
  rl.close();
  process.stderr.write('\n');
  return value;
}

async function password(): Promise<string> {
  if (opts.passwordStdin) return readStdin();
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for the password: pass --password-stdin');
  const first = await ask('Password (12+ characters): ');
  if ((await ask('Again: ')) !== first) throw new Error('the two passwords differ');
  return first;
}

async function main(): Promise<void> {
  const secret = await password();
  const db = await getDb();
  await applyMigrations(db.url);
  const user = await createUser(db, { email: opts.email, role: opts.role, password: secret });
  console.log(`created ${user.role} ${user.email}: sign-in is on for this server from now on`);
}

main()
  .then(() => closeGlobalDb())
  .catch(async (e) => {
    console.error(`user:create: ${(e as Error).message}`);
    await closeGlobalDb().catch(() => undefined);
    process.exit(1);
  });
