import { AFTER_INGEST, AUTH_TYPES, type TAfterIngest, type TAuthType } from './schema';

/** A mailbox configured by ATLAS_IMAP_URL: instance-wide, its secret only ever in the environment. */
export interface EnvMailbox {
  label: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  secret: string;
  authType: TAuthType;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: TAfterIngest;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Parses ATLAS_IMAP_URL: URLs separated by whitespace,
 * `imap[s]://user:pass@host[:port][/FOLDER][?processed=…&failed=…&after=move|flag&auth=password|oauth2]`,
 * credentials URL-encoded. The folder path keeps `/` as the hierarchy separator (mapped to the
 * server's own delimiter when folders are resolved).
 */
export function parseImapUrls(value: string): EnvMailbox[] {
  const result: EnvMailbox[] = [];
  for (const text of value.split(/\s+/).filter(Boolean)) {
    const fail = (why: string): never => {
      throw new Error(`ATLAS_IMAP_URL: ${why} in "${redact(text)}" (expected imaps://user:password@host:993/INBOX, credentials URL-encoded)`);
    };
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('not a URL');
    }
    if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') fail(`unknown scheme "${url.protocol}"`);
    if (!url.hostname) fail('no host');
    if (!url.username) fail('no user name');
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return fail('bad URL-encoding');
      }
    };
    const tls = url.protocol === 'imaps:';
    const port = url.port ? Number(url.port) : tls ? 993 : 143;
    const folder = url.pathname.replace(/^\/+/, '').split('/').filter(Boolean).map(decode).join('/') || 'INBOX';
    const params = url.searchParams;
    const after = params.get('after') ?? 'move';
    if (!(AFTER_INGEST as readonly string[]).includes(after)) fail(`after=${after} (move or flag)`);
    const auth = params.get('auth') ?? 'password';
    if (!(AUTH_TYPES as readonly string[]).includes(auth)) fail(`auth=${auth} (password or oauth2)`);
    const username = decode(url.username);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const mailbox: EnvMailbox = {
      label: params.get('label') ?? `${username}@${host}:${port}/${folder}`,
      host,
      port,
      tls,
      username,
      secret: decode(url.password),
      authType: auth as TAuthType,
      folder,
      processedFolder: params.get('processed') ?? 'DMARC/Processed',
      failedFolder: params.get('failed') ?? 'DMARC/Failed',
      afterIngest: after as TAfterIngest,
    };
    if (mailbox.afterIngest === 'move' && (mailbox.processedFolder === folder || mailbox.failedFolder === folder)) {
      fail('the processed/failed folder is the folder that is read');
    }
    if (result.some((m) => m.label === mailbox.label)) fail('the same mailbox twice');
    result.push(mailbox);
  }
  return result;
}
