import type { Db } from '@/lib/db/client';
import { decoyHash, verifyPassword } from './password';
import { createSession } from './sessions';
import { findUserWithHash, normaliseEmail } from './users';

/**
 * Guessing is slowed per account (a targeted guess from many addresses) and per address (one
 * address trying many accounts): past the limit within the window, sign-in is refused until
 * the oldest failure leaves the window, even with the right password.
 */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInResult =
  | { ok: true; userId: number; token: string; csrfToken: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

async function throttledFor(db: Db, email: string, address: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const [byAccount, byAddress] = await Promise.all([
    db.prisma.signInFailure.findMany({ where: { email, at: { gt: since } }, orderBy: { at: 'desc' }, take: MAX_FAILURES_PER_ACCOUNT, select: { at: true } }),
    db.prisma.signInFailure.findMany({ where: { address, at: { gt: since } }, orderBy: { at: 'desc' }, take: MAX_FAILURES_PER_ADDRESS, select: { at: true } }),
  ]);
  const waits = [
    byAccount.length >= MAX_FAILURES_PER_ACCOUNT ? byAccount.at(-1)!.at : null,
    byAddress.length >= MAX_FAILURES_PER_ADDRESS ? byAddress.at(-1)!.at : null,
  ].filter((at): at is Date => at !== null).map((oldest) => oldest.getTime() + FAILURE_WINDOW_MS - now.getTime());
  return waits.length ? Math.ceil(Math.max(...waits) / 1000) : 0;
}

export async function signIn(db: Db, input: { email: string; password: string; address: string }, now = new Date()): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const retryAfterSeconds = await throttledFor(db, email, input.address, now);
  if (retryAfterSeconds > 0) return { ok: false, reason: 'throttled', retryAfterSeconds };
  const user = await findUserWithHash(db, email);
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid) {
    await db.prisma.signInFailure.create({ data: { email, address: input.address, at: now } });
    return { ok: false, reason: 'invalid' };
  }
  await db.prisma.signInFailure.deleteMany({ where: { email } });
  return { ok: true, userId: user.id, ...(await createSession(db, user.id)) };
}
