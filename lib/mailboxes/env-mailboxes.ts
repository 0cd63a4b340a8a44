import { parseEnvOAuth, SECRET_PARAMS } from './oauth/env-oauth';
import type { TOAuthConfig } from './oauth/oauth-config';
import { AFTER_INGEST, type TAfterIngest, type TAuthType, type TMailboxKind } from './schema';

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
  /** imap, or graph (Microsoft Graph; host = the Graph endpoint). */
  kind: TMailboxKind;
  /** How tokens are obtained; null: a password, or an access token as the URL's password. */
  oauth: TOAuthConfig | null;
  /** A file holding the secret (certificate_file, key_file), read by the worker. */
  secretFile?: string;
  refreshToken?: string;
}

function redact(url: string): string {
  const secretParam = new RegExp(`([?&](?:${SECRET_PARAMS.join('|')})=)[^&\\s]*`, 'g');
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(secretParam, '$1***');
}

/**
 * Parses ATLAS_IMAP_URL: URLs separated by whitespace,
 * `imap[s]://user:pass@host[:port][/FOLDER][?processed=…&failed=…&after=move|flag&auth=password|oauth2]`,
 * credentials URL-encoded; OAuth2 options as in ./oauth/env-oauth.ts; `graph://MAILBOX@graph-host/FOLDER?…`
 * reads through Microsoft Graph instead of IMAP. The folder path keeps `/` as the hierarchy
 * separator (mapped to the server's own delimiter when folders are resolved).
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
    if (!['imap:', 'imaps:', 'graph:'].includes(url.protocol)) fail(`unknown scheme "${url.protocol}"`);
    const kind: TMailboxKind = url.protocol === 'graph:' ? 'graph' : 'imap';
    if (!url.hostname) fail('no host');
    if (!url.username) fail('no user name');
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return fail('bad URL-encoding');
      }
    };
    const tls = url.protocol !== 'imap:';
    const port = url.port ? Number(url.port) : kind === 'graph' ? 443 : tls ? 993 : 143;
    const folder = url.pathname.replace(/^\/+/, '').split('/').filter(Boolean).map(decode).join('/') || 'INBOX';
    const params = url.searchParams;
    const after = params.get('after') ?? 'move';
    if (!(AFTER_INGEST as readonly string[]).includes(after)) fail(`after=${after} (move or flag)`);
    const auth = params.get('auth') ?? (kind === 'graph' ? 'microsoft' : 'password');
    if (!['password', 'oauth2', 'microsoft', 'google'].includes(auth)) fail(`auth=${auth} (password, oauth2, microsoft or google)`);
    const oauth = parseEnvOAuth(auth, params, fail);
    if (kind === 'graph' && !oauth) fail('graph:// needs app credentials (tenant, client_id, client_secret; or auth=oauth2&token_url=…)');
    const username = decode(url.username);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const mailbox: EnvMailbox = {
      label: params.get('label') ?? `${username}@${host}:${port}/${folder}`,
      host,
      port,
      tls,
      username,
      secret: oauth ? oauth.secret : decode(url.password),
      authType: (auth === 'password' ? 'password' : 'oauth2') as TAuthType,
      folder,
      processedFolder: params.get('processed') ?? 'DMARC/Processed',
      failedFolder: params.get('failed') ?? 'DMARC/Failed',
      afterIngest: after as TAfterIngest,
      kind,
      oauth: oauth?.oauth ?? null,
      ...(oauth?.secretFile ? { secretFile: oauth.secretFile } : {}),
      ...(oauth?.refreshToken ? { refreshToken: oauth.refreshToken } : {}),
    };
    if (mailbox.afterIngest === 'move' && (mailbox.processedFolder === folder || mailbox.failedFolder === folder)) {
      fail('the processed/failed folder is the folder that is read');
    }
    if (result.some((m) => m.label === mailbox.label)) fail('the same mailbox twice');
    result.push(mailbox);
  }
  return result;
}
