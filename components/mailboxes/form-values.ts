import type { TMailboxView } from '@/lib/mailboxes';
import type { TSignIn } from './mailbox-presets';

export interface TMailboxFormValues {
  id?: number;
  label: string;
  kind: 'imap' | 'graph';
  host: string;
  port: number;
  tls: boolean;
  username: string;
  signIn: TSignIn;
  hasSecret: boolean;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: 'move' | 'flag';
  // OAuth2 settings (the fields of the chosen sign-in are used, the others ignored).
  tenantId: string;
  clientId: string;
  credential: 'secret' | 'certificate';
  authority: string;
  tokenUrl: string;
  authUrl: string;
  scope: string;
  clientAuth: 'post' | 'basic';
}

export const EMPTY_MAILBOX: TMailboxFormValues = {
  label: '',
  kind: 'imap',
  host: '',
  port: 993,
  tls: true,
  username: '',
  signIn: 'password',
  hasSecret: false,
  folder: 'INBOX',
  processedFolder: 'DMARC/Processed',
  failedFolder: 'DMARC/Failed',
  afterIngest: 'move',
  tenantId: '',
  clientId: '',
  credential: 'secret',
  authority: '',
  tokenUrl: '',
  authUrl: '',
  scope: '',
  clientAuth: 'post',
};

/** A saved mailbox as the form edits it (never its secrets). */
export function toFormValues(m: TMailboxView): TMailboxFormValues {
  const o = m.oauth;
  const signIn: TSignIn = o ? o.flow : m.authType === 'oauth2' ? 'token' : 'password';
  return {
    ...EMPTY_MAILBOX,
    id: m.id,
    label: m.label,
    kind: m.kind,
    host: m.host,
    port: m.port,
    tls: m.tls,
    username: m.username,
    signIn,
    hasSecret: m.hasSecret,
    folder: m.folder,
    processedFolder: m.processedFolder,
    failedFolder: m.failedFolder,
    afterIngest: m.afterIngest,
    tenantId: o?.flow === 'microsoft' ? o.tenantId : '',
    clientId: o && 'clientId' in o ? o.clientId : '',
    credential: o?.flow === 'microsoft' ? o.credential : 'secret',
    authority: o?.flow === 'microsoft' ? o.authority : '',
    tokenUrl: o && 'tokenUrl' in o ? o.tokenUrl : '',
    authUrl: o?.flow === 'google-refresh-token' ? o.authUrl : '',
    scope: o?.scope ?? '',
    clientAuth: o?.flow === 'client-credentials' ? o.clientAuth : 'post',
  };
}
