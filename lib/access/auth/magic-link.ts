import { prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import { sendMail } from '@/lib/platform/mail';
import { authEnv } from '@/lib/platform/env';
import { reserveSignIn } from './sign-in-throttle';
import { requestContext } from '@/lib/platform/audit';

/**
 * next-auth's `sendVerificationRequest`: mails the sign-in link, but only to existing users and
 * within the rate limit. It returns quietly otherwise, so the login page answers the same for
 * every address and cannot be used to find out who has an account.
 */
export async function sendMagicLink({ identifier, url, expires }: { identifier: string; url: string; expires: Date }): Promise<void> {
  const email = identifier.trim().toLowerCase();
  const ip = requestContext()?.ip ?? null;
  // Each request counts against the limit whether or not the address exists (never refunded).
  const limit = await reserveSignIn({ kind: 'magic_link', email, ip });
  if (!limit.allowed) {
    log.warn({ email, ip, reason: limit.reason }, 'magic link refused: rate limit');
    return;
  }
  const user = await prisma().user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const minutes = authEnv().ATLAS_MAGIC_LINK_MINUTES;
  const host = new URL(url).host;
  await sendMail({
    to: email,
    subject: 'Sign in to DMARC Atlas',
    text: `Sign in to DMARC Atlas at ${host}:\n\n${url}\n\nThe link works once and expires in ${minutes} minutes (${expires.toISOString()}).\nIf you did not ask for it, ignore this message.\n`,
    html: `<p>Sign in to DMARC Atlas at ${escapeHtml(host)}:</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>The link works once and expires in ${minutes} minutes. If you did not ask for it, ignore this message.</p>`,
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
