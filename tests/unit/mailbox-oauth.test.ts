import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseImapUrls } from '../../lib/mailboxes/env-mailboxes';
import { CachedToken } from '../../lib/mailboxes/oauth/cached-token';
import { certificateCredential } from '../../lib/mailboxes/oauth/certificate-credential';
import { newConsentState, readConsentState } from '../../lib/mailboxes/oauth/consent-state';
import { tokenFailure } from '../../lib/mailboxes/oauth/describe-token-error';
import { describeTokenRefused } from '../../lib/mailboxes/oauth/describe-token-refused';
import { defaultScope } from '../../lib/mailboxes/oauth/mailbox-auth';
import { microsoftTokenUrl, ZOAuthConfig } from '../../lib/mailboxes/oauth/oauth-config';
import { ZMailboxInput } from '../../lib/mailboxes/schema';
import { makeCertificate, removeCertificate } from '../helpers/test-tls';

const enc = encodeURIComponent;

describe('ATLAS_IMAP_URL with OAuth2 and Graph', () => {
  it('reads the generic client-credentials form (the Microsoft preset is this form with its URL and scope)', () => {
    const tokenUrl = microsoftTokenUrl('contoso.onmicrosoft.com');
    const [m] = parseImapUrls(`imaps://dmarc%40contoso.com@outlook.office365.com/INBOX?auth=oauth2&token_url=${enc(tokenUrl)}&client_id=abc&client_secret=${enc('s3c/r+t=')}&scope=${enc('https://outlook.office365.com/.default')}`);
    expect(m).toMatchObject({ kind: 'imap', authType: 'oauth2', username: 'dmarc@contoso.com', port: 993, secret: 's3c/r+t=' });
    expect(m.oauth).toEqual({ flow: 'client-credentials', tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', clientId: 'abc', scope: 'https://outlook.office365.com/.default', clientAuth: 'post' });
  });

  it('reads the Microsoft, Google and Graph forms', () => {
    const [ms, cert, sa, rt, graph] = parseImapUrls(
      [
        'imaps://a%40c.com@outlook.office365.com/INBOX?auth=microsoft&tenant=c.onmicrosoft.com&client_id=id1&client_secret=x&authority=https%3A%2F%2Flogin.microsoftonline.us',
        'imaps://b%40c.com@outlook.office365.com/INBOX?auth=microsoft&tenant=t&client_id=id2&certificate_file=%2Fetc%2Fatlas%2Fapp.pem',
        'imaps://c%40f.com@imap.gmail.com/INBOX?auth=google&key_file=%2Fetc%2Fatlas%2Fsa.json',
        'imaps://d%40f.com@imap.gmail.com/INBOX?auth=google&client_id=web&client_secret=ws&refresh_token=1%2F%2Fabc',
        'graph://rua%40c.com@graph.microsoft.com/Inbox%2FDMARC?tenant=t&client_id=id3&client_secret=gs&after=flag',
      ].join(' '),
    );
    expect(ms.oauth).toMatchObject({ flow: 'microsoft', tenantId: 'c.onmicrosoft.com', authority: 'https://login.microsoftonline.us', credential: 'secret' });
    expect(cert).toMatchObject({ secret: '', secretFile: '/etc/atlas/app.pem', oauth: { flow: 'microsoft', credential: 'certificate' } });
    expect(sa).toMatchObject({ secretFile: '/etc/atlas/sa.json', oauth: { flow: 'google-service-account', tokenUrl: 'https://oauth2.googleapis.com/token', scope: 'https://mail.google.com/' } });
    expect(rt).toMatchObject({ secret: 'ws', refreshToken: '1//abc', oauth: { flow: 'google-refresh-token', clientId: 'web' } });
    expect(graph).toMatchObject({ kind: 'graph', host: 'graph.microsoft.com', port: 443, tls: true, folder: 'Inbox/DMARC', afterIngest: 'flag', authType: 'oauth2', secret: 'gs', oauth: { flow: 'microsoft', clientId: 'id3' } });
  });

  it('keeps auth=oauth2 with the token as password meaning a pasted token', () => {
    const [m] = parseImapUrls('imaps://v:tok@h/INBOX?auth=oauth2');
    expect(m).toMatchObject({ authType: 'oauth2', secret: 'tok', oauth: null });
  });

  it('refuses incomplete or unsafe OAuth2 settings without showing the secrets', () => {
    const bad = (url: string) => () => parseImapUrls(url);
    expect(bad('imaps://u@h/INBOX?auth=oauth2&token_url=https%3A%2F%2Fx%2Ft&client_id=a')).toThrow(/client_secret is missing/);
    expect(bad('imaps://u@h/INBOX?auth=oauth2&token_url=http%3A%2F%2Fidp.example%2Ft&client_id=a&client_secret=hunter2')).toThrow(/https \(http only on loopback\)/);
    expect(bad('imaps://u@h/INBOX?auth=oauth2&token_url=http%3A%2F%2Fidp.example%2Ft&client_id=a&client_secret=hunter2')).not.toThrow(/hunter2/);
    expect(bad('imaps://u@h/INBOX?auth=microsoft&client_id=a&client_secret=hunter2')).toThrow(/tenantId/);
    expect(bad('graph://u@graph.microsoft.com/Inbox?auth=password')).toThrow(/auth=password|app credentials/);
    expect(bad('imaps://u@h/INBOX?auth=google&client_id=a&client_secret=hunter2')).toThrow(/key_file/);
    expect(bad('imaps://u@h/INBOX?auth=kerberos')).toThrow(/auth=kerberos/);
  });

  it('asks app-only tokens for the resource the mailbox is read through', () => {
    expect(defaultScope({ kind: 'imap', host: 'outlook.office365.com', port: 993 })).toBe('https://outlook.office365.com/.default');
    expect(defaultScope({ kind: 'graph', host: 'graph.microsoft.us', port: 443 })).toBe('https://graph.microsoft.us/.default');
  });
});

describe('mailbox settings with OAuth2', () => {
  const base = { label: 'x', host: 'graph.microsoft.com', port: 443, tls: true, username: 'rua@c.com', authType: 'oauth2' as const };
  it('needs app credentials for Graph and the OAuth2 sign-in for a flow', () => {
    expect(ZMailboxInput.safeParse({ ...base, kind: 'graph' }).success).toBe(false);
    expect(ZMailboxInput.safeParse({ ...base, kind: 'graph', oauth: { flow: 'google-service-account' } }).success).toBe(false);
    const ok = ZMailboxInput.safeParse({ ...base, kind: 'graph', oauth: { flow: 'microsoft', tenantId: 't', clientId: 'c' } });
    expect(ok.success && ok.data.oauth).toMatchObject({ authority: 'https://login.microsoftonline.com', credential: 'secret', scope: '' });
    expect(ZMailboxInput.safeParse({ ...base, authType: 'password', oauth: { flow: 'microsoft', tenantId: 't', clientId: 'c' } }).success).toBe(false);
    expect(ZOAuthConfig.safeParse({ flow: 'microsoft', tenantId: 'bad tenant/../', clientId: 'c' }).success).toBe(false);
  });
});

describe('the token cache', () => {
  it('reuses a token until a fifth of its life (at most five minutes) is left, one fetch at a time', async () => {
    let clock = 1_000_000;
    let fetches = 0;
    const refreshed: Date[] = [];
    const tokens = new CachedToken({
      flow: 'client-credentials',
      fetch: async () => {
        fetches++;
        await new Promise((r) => setImmediate(r));
        return { token: `t${fetches}`, expiresAt: new Date(clock + 3_600_000) };
      },
      onRefresh: (t) => void refreshed.push(t.expiresAt),
      now: () => clock,
    });
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    expect([a.token, b.token, fetches]).toEqual(['t1', 't1', 1]);
    clock += 54 * 60_000; // 6 min left: still good
    expect((await tokens.get()).token).toBe('t1');
    expect(tokens.remainingMs()).toBe(60_000);
    clock += 2 * 60_000; // 4 min left: inside the margin
    expect((await tokens.get()).token).toBe('t2');
    expect((await tokens.get({ forceRefresh: true })).token).toBe('t3');
    expect(refreshed).toHaveLength(3);
  });

  it('keeps short-lived tokens for four fifths of their life, and survives a failing status write', async () => {
    let clock = 0;
    let n = 0;
    const tokens = new CachedToken({
      flow: 'microsoft',
      fetch: async () => ({ token: `t${++n}`, expiresAt: new Date(clock + 10_000) }),
      onRefresh: () => {
        throw new Error('database down');
      },
      now: () => clock,
    });
    expect((await tokens.get()).token).toBe('t1');
    clock = 7_999;
    expect((await tokens.get()).token).toBe('t1');
    clock = 8_000;
    expect((await tokens.get()).token).toBe('t2');
  });
});

describe('token errors in words', () => {
  const entra = (code: string, text: string) => Object.assign(new Error('x'), { errorCode: 'invalid_client', errorMessage: `Error(s): ${code} - Timestamp: Not Available - Description: AADSTS${code}: ${text} - Correlation ID: 1 - Trace ID: 2` });
  it('explains Entra ID refusals with the fix', () => {
    expect(tokenFailure('microsoft', entra('7000215', 'Invalid client secret provided.'), { tokenUrl: 'https://t' }).message).toMatch(
      /^No OAuth2 token at https:\/\/t: The client secret is wrong: .*Value \(not its Secret ID\)\. \(invalid_client: AADSTS7000215: Invalid client secret provided\.\)$/,
    );
    expect(tokenFailure('microsoft', entra('700016', 'Application not found'), { clientId: 'abc', tenantId: 'contoso' }).message).toMatch(/No application with client id abc exists in tenant contoso/);
    expect(tokenFailure('microsoft', entra('7000222', 'expired')).message).toMatch(/has expired/);
    expect(tokenFailure('microsoft', entra('65001', 'consent')).message).toMatch(/Grant admin consent/);
    expect(tokenFailure('microsoft', Object.assign(new Error('x'), { error: 'invalid_tenant', error_description: "AADSTS90002: Tenant 'x' not found.", status: 400 }), { tenantId: 'x' }).message).toMatch(
      /Tenant x does not exist/,
    );
  });

  it('explains Google refusals and network trouble', () => {
    const gaxios = (error: string, status = 401) => Object.assign(new Error('x'), { response: { status, data: { error, error_description: 'Client is unauthorized' } } });
    expect(tokenFailure('google-service-account', gaxios('unauthorized_client')).message).toMatch(/Domain-wide delegation is not set up/);
    expect(tokenFailure('google-refresh-token', gaxios('invalid_grant', 400)).message).toMatch(/grant access again with the consent link/);
    const down = tokenFailure('client-credentials', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), { tokenUrl: 'https://idp/t' });
    expect(down.message).toMatch(/^Could not reach the token endpoint at https:\/\/idp\/t/);
    expect(down.permanent).toBe(false);
  });

  it('says what Exchange, Graph and Gmail need when they refuse an issued token', () => {
    expect(describeTokenRefused('microsoft', { username: 'rua@c.com', host: 'outlook.office365.com', protocol: 'imap', clientId: 'app' })).toMatch(
      /IMAP\.AccessAsApp.*New-ServicePrincipal -AppId app.*Add-MailboxPermission -Identity rua@c\.com.*Set-CASMailbox/,
    );
    expect(describeTokenRefused('microsoft', { username: 'rua@c.com', host: 'graph.microsoft.com', protocol: 'graph' })).toMatch(/Mail\.ReadWrite.*admin consent/);
    expect(describeTokenRefused('google-service-account', { username: 'rua@f.com', host: 'imap.gmail.com', protocol: 'imap' })).toMatch(/https:\/\/mail\.google\.com\//);
    expect(describeTokenRefused('token', { username: 'rua@f.com', host: 'outlook.office365.com', protocol: 'imap' })).toMatch(/Pasted tokens expire/);
  });
});

describe('the consent state', () => {
  const secret = 's'.repeat(40);
  it('round-trips, and refuses a tampered, foreign-keyed or expired state', () => {
    const { state, nonce } = newConsentState(7, 3, secret, 1_000);
    expect(readConsentState(state, secret, 2_000)).toEqual({ mailboxId: 7, organizationId: 3, nonce, expiresAt: 1_000 + 15 * 60_000 });
    const [body, mac] = state.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), m: 8 })).toString('base64url');
    expect(readConsentState(`${forged}.${mac}`, secret, 2_000)).toBeNull();
    expect(readConsentState(state, 't'.repeat(40), 2_000)).toBeNull();
    expect(readConsentState(state, secret, 1_000 + 15 * 60_000 + 1)).toBeNull();
  });
});

describe('certificate credentials for msal-node', () => {
  it("takes the certificate and its key in one PEM and computes the SHA-256 thumbprint", () => {
    const cert = makeCertificate('atlas-app', []);
    const other = makeCertificate('other', []);
    try {
      const credential = certificateCredential(`${cert.cert}\n${cert.key}`);
      expect(credential.thumbprintSha256).toBe(new X509Certificate(cert.cert).fingerprint256.replace(/:/g, ''));
      expect(credential.privateKey).toContain('BEGIN PRIVATE KEY');
      expect(() => certificateCredential(`${cert.cert}\n${other.key}`)).toThrow(/does not belong to the certificate/);
      expect(() => certificateCredential(cert.key)).toThrow(/no "BEGIN CERTIFICATE" block/);
      const rsaKey = execFileSync('openssl', ['pkey', '-traditional'], { input: cert.key }).toString();
      expect(certificateCredential(cert.cert + rsaKey).thumbprintSha256).toBe(credential.thumbprintSha256);
    } finally {
      removeCertificate(cert);
      removeCertificate(other);
    }
  });
});
