import { describeTokenRefused } from '@/lib/mailboxes/oauth/describe-token-refused';
import type { TOAuthFlow } from '@/lib/mailboxes/oauth/oauth-config';

/**
 * One sentence an administrator can act on, from whatever a connection or command threw
 * (socket and DNS errors, TLS failures, IMAP NO/BAD responses, imapflow's own codes).
 */
export function describeImapError(
  error: unknown,
  where: { host: string; port: number; username?: string; folder?: string; oauth?: TOAuthFlow | 'token'; clientId?: string },
): string {
  if (!(error instanceof Error)) return String(error);
  // imapflow decorates errors with these fields; typed loosely because they are not declared.
  const e = error as Error & { code?: string; authenticationFailed?: boolean; responseText?: string; mailboxMissing?: boolean; serverResponseCode?: string };
  const at = `${where.host}:${where.port}`;
  const server = e.responseText ? ` (server said: ${e.responseText})` : '';
  if (e.authenticationFailed && where.oauth) {
    return describeTokenRefused(where.oauth, { username: where.username ?? '?', host: where.host, protocol: 'imap', clientId: where.clientId, server: e.responseText });
  }
  if (e.authenticationFailed) {
    return `Authentication failed for ${where.username ?? 'the user'} at ${at}${server}. Check the user name and password (or that the OAuth2 token is current and has IMAP access).`;
  }
  if (e.mailboxMissing) return `Folder "${where.folder ?? '?'}" does not exist on ${at}.`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${at}: is it an IMAP server, and is the port right (993 with TLS, 143 without)?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host ${where.host} not found (DNS).`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${at} is unreachable from this server (network or firewall).`;
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `Timed out connecting to ${at} (network, firewall, or wrong port).`;
    case 'GREETING_TIMEOUT':
      return `${at} accepted the connection but sent no IMAP greeting: with TLS on a plain port (or the reverse), switch the TLS setting.`;
    case 'ETIMEOUT':
      return `${at} stopped answering (socket timeout).`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'NoConnection':
    case 'EConnectionClosed':
    case 'ClosedAfterConnectText':
    case 'ClosedAfterConnectTLS':
      return `The connection to ${at} was closed${server}.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${at} is not trusted: ${e.message}.`;
  }
  if (e.code?.startsWith('ERR_SSL') || /wrong version number|ssl routines|tls/i.test(e.message)) {
    return `TLS handshake with ${at} failed (${e.message}): port 993 uses TLS, 143 plain/STARTTLS; check the TLS setting.`;
  }
  if (e.responseText) return `${at}: ${e.responseText}`;
  return e.message || String(error);
}
