import { escapeHtml } from '@/lib/access/auth/magic-link';
import { smtpConfigured } from '@/lib/platform/env';
import { log } from '@/lib/platform/log';
import { sendMail } from '@/lib/platform/mail';

/** Mails an invitation link; false (and the link stays on screen) when SMTP is not configured or fails. */
export async function sendInviteMail(input: { to: string; url: string; organizationName: string; invitedBy: string; expiresAt: Date }): Promise<boolean> {
  if (!smtpConfigured()) return false;
  try {
    await sendMail({
      to: input.to,
      subject: `You're invited to ${input.organizationName} on DMARC Atlas`,
      text: `${input.invitedBy} invited you to ${input.organizationName} on DMARC Atlas.\n\nAccept: ${input.url}\n\nThe link expires on ${input.expiresAt.toUTCString()}.\n`,
      html: `<p>${escapeHtml(input.invitedBy)} invited you to <b>${escapeHtml(input.organizationName)}</b> on DMARC Atlas.</p><p><a href="${escapeHtml(input.url)}">Accept the invitation</a></p><p>The link expires on ${escapeHtml(input.expiresAt.toUTCString())}.</p>`,
    });
    return true;
  } catch (error) {
    log.error({ err: error, to: input.to }, 'could not send the invitation e-mail');
    return false;
  }
}
