import nodemailer, { type Transporter } from 'nodemailer';
import { authEnv } from '@/lib/platform/env';

export interface TMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe (nodemailer folds and encodes them). */
  headers?: Record<string, string>;
}

const globalForMail = globalThis as unknown as { atlasMailer?: { url: string; transport: Transporter } };

export class MailNotConfiguredError extends Error {
  constructor() {
    super('ATLAS_SMTP_URL is not set: no e-mail can be sent (e.g. smtp://user:pass@mail.example.com:587).');
  }
}

/** One SMTP transport per process, built from ATLAS_SMTP_URL (smtp:// or smtps://). */
function transport(): Transporter {
  const url = authEnv().ATLAS_SMTP_URL;
  if (!url) throw new MailNotConfiguredError();
  if (globalForMail.atlasMailer?.url !== url) {
    globalForMail.atlasMailer = { url, transport: nodemailer.createTransport(url) };
  }
  return globalForMail.atlasMailer.transport;
}

export async function sendMail(mail: TMail): Promise<{ messageId: string }> {
  const info = await transport().sendMail({ from: authEnv().ATLAS_MAIL_FROM, ...mail });
  return { messageId: info.messageId };
}
