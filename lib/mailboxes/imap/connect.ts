import { ImapFlow, type Logger } from 'imapflow';
import { log } from '@/lib/platform/log';
import type { TokenProvider } from '@/lib/mailboxes/oauth/cached-token';
import type { TAuthType } from '@/lib/mailboxes/schema';

/** Where and how to log in: a stored mailbox with its secret decrypted, or an env mailbox. */
export interface ImapEndpoint {
  label: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  authType: TAuthType;
  /** Password, or the OAuth2 access token (XOAUTH2 / OAUTHBEARER) when authType is oauth2. */
  secret: string;
  /** OAuth2 flows: tokens come from here (and `secret`, the app's own secret, is never sent). */
  tokens?: TokenProvider;
}

// imapflow logs every connection at info and every socket drop at error; ours logs what the
// poller makes of them, so the library's chatter goes one level down under the mailbox label.
function libraryLogger(label: string): Logger {
  const child = log.child({ mailbox: label, lib: 'imapflow' });
  return {
    trace: () => undefined,
    debug: (o: object) => child.trace(o),
    info: (o: object) => child.debug(o),
    warn: (o: object) => child.debug(o),
    error: (o: object) => child.debug(o),
  };
}

export interface ConnectOptions {
  timeoutMs: number;
  /** Bounds what one FETCH may allocate (a broken or hostile server announcing a huge literal). */
  maxMessageBytes?: number;
}

export function createImapClient(endpoint: ImapEndpoint, options: ConnectOptions): ImapFlow {
  const maxLiteral = options.maxMessageBytes ? options.maxMessageBytes + 1024 * 1024 : undefined;
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.tls,
    auth:
      endpoint.authType === 'oauth2'
        ? { user: endpoint.username, accessToken: endpoint.secret }
        : { user: endpoint.username, pass: endpoint.secret },
    // The poller decides when to IDLE (explicitly, between syncs) and when to poll instead.
    disableAutoIdle: true,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: Math.min(options.timeoutMs, 30_000),
    // IDLE keeps a connection quiet for up to the poll interval; imapflow renews it below this.
    socketTimeout: Math.max(options.timeoutMs, 5 * 60_000),
    clientInfo: { name: 'DMARC Atlas' },
    ...(maxLiteral ? { maxLiteralSize: maxLiteral, maxResponseSize: maxLiteral * 2 } : {}),
    logger: libraryLogger(endpoint.label),
  });
  // A dropped socket is reported as an 'error' event: without a listener it would crash the
  // worker. The failure also surfaces as the rejection of the command in flight.
  client.on('error', () => undefined);
  return client;
}

export async function connectImap(endpoint: ImapEndpoint, options: ConnectOptions): Promise<ImapFlow> {
  const tokens = endpoint.tokens;
  if (!tokens) return connectOnce(endpoint, options);
  const withToken = async (forceRefresh: boolean) => connectOnce({ ...endpoint, authType: 'oauth2', secret: (await tokens.get({ forceRefresh })).token }, options);
  try {
    return await withToken(false);
  } catch (error) {
    // A token the cache still trusted was refused (revoked, or the server's clock runs ahead):
    // once with a fresh one. A second refusal is a permission problem; the watcher backs off.
    if (!(error as { authenticationFailed?: boolean }).authenticationFailed) throw error;
    return withToken(true);
  }
}

async function connectOnce(endpoint: ImapEndpoint, options: ConnectOptions): Promise<ImapFlow> {
  const client = createImapClient(endpoint, options);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

/** Logs out politely when the connection still works; never throws. */
export async function closeImap(client: ImapFlow | undefined): Promise<void> {
  if (!client) return;
  if (client.usable) {
    await Promise.race([client.logout().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
  client.close();
}
