import type { TSmtpCommand } from './types';

/** "RCPT TO", "end of DATA", "MAIL From:<…>", "initial connection" → the SMTP stage answered. */
export function smtpCommandOf(text: string | null): TSmtpCommand | null {
  if (!text) return null;
  const t = text.toLowerCase().trimStart();
  if (t.startsWith('rcpt')) return 'RCPT';
  if (t.startsWith('mail')) return 'MAIL';
  if (t.startsWith('data') || t.startsWith('end of data') || t.includes('final data') || t.startsWith('bdat')) return 'DATA';
  if (t.startsWith('helo') || t.startsWith('ehlo') || t.startsWith('starttls')) return 'HELO';
  if (t.includes('connection') || t.startsWith('connect') || t.startsWith('greeting')) return 'CONNECT';
  return null;
}
