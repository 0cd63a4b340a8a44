import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TSentMail {
  to: string[];
  raw: string;
}

/** An SMTP server on loopback that keeps every message (no TLS, no auth): ATLAS_SMTP_URL=url. */
export async function startSmtpSink(): Promise<{ url: string; mails: TSentMail[]; close(): Promise<void> }> {
  const mails: TSentMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The first http(s) link of a message, quoted-printable soft breaks undone. */
export function firstLink(raw: string): string | null {
  const text = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /https?:\/\/[^\s"<>]+/.exec(text)?.[0] ?? null;
}
