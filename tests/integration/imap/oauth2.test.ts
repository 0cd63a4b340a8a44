import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import type { IngestMessage } from '../../../lib/mailboxes/imap/types';
import { useTestDatabase } from '../../helpers/db';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../../helpers/dovecot';
import { folderCount, testImapClient, waitFor } from '../../helpers/imap-client';
import { pipelineIngest, testPoller } from '../../helpers/imap-poller';
import { startTokenServer, type TokenServer } from '../../helpers/oauth-token-server';
import { junkMail, syntheticReportMail } from '../../helpers/report-mail';
import { makeCertificate, removeCertificate, trustInThisProcess, type TestCertificate } from '../../helpers/test-tls';

// IMAP with XOAUTH2 against a real Dovecot that accepts only OAuth2 tokens for the poller's
// logins: its oauth2 passdb asks a loopback token server (RFC 7662 introspection) about every
// token, so expiry and revocation are the server's verdict, not ours. The tokens come from that
// server through the real libraries: oauth4webapi (generic client credentials), msal-node
// (Microsoft 365 app-only, secret and certificate) and google-auth-library (service account with
// domain-wide delegation, refresh token).

const enc = encodeURIComponent;
const SCOPE = 'https://outlook.office365.com/.default';

async function reportsWithPrefix(prefix: string): Promise<number> {
  return prisma().report.count({ where: { reportId: { startsWith: `${prefix}-` } } });
}

async function mailboxRow(user: string) {
  return prisma().mailbox.findFirstOrThrow({ where: { label: { startsWith: `${user}@` } } });
}

describe.skipIf(!dovecotAvailable())('IMAP with OAuth2 (XOAUTH2) and token refresh', () => {
  let certificate: TestCertificate;
  let appCertificate: TestCertificate;
  let tokens: TokenServer;
  let dovecot: DovecotServer;
  const clients: ImapFlow[] = [];
  // The test's own look into the mailboxes: a password login (passwd-file), never OAuth2.
  const look = async (user: string) => {
    const c = await testImapClient(dovecot, user, 'pw');
    clients.push(c);
    return c;
  };
  const imapUrl = (user: string, query: string) => `imap://${enc(user)}@127.0.0.1:${dovecot.port}/INBOX?${query}`;
  // The backlog's user has no password at all: the test looks in with a token of its own, too.
  const lookWithToken = async (user: string) => {
    const response = await fetch(tokens.tokenUrl('contoso'), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'inspector', client_secret: 'inspector-secret', scope: SCOPE }),
    });
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    const c = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user, accessToken }, logger: false, disableAutoIdle: true });
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await useTestDatabase();
    certificate = makeCertificate();
    appCertificate = makeCertificate('atlas-app', []);
    trustInThisProcess(certificate.cert);
    tokens = await startTokenServer(certificate);
    dovecot = await startDovecot({ oauth2: { introspectionUrl: tokens.introspectionUrl } });
    await dovecot.addUsers({ 'msal@contoso.test': 'pw', 'cert@contoso.test': 'pw', 'dmarc@fabrikam.test': 'pw', 'consent@fabrikam.test': 'pw' });
  });
  afterAll(async () => {
    for (const c of clients) await c.logout().catch(() => undefined);
    await dovecot?.stop();
    await tokens?.close();
    removeCertificate(certificate);
    removeCertificate(appCertificate);
  });

  it('reads a backlog across an expired token, a revoked token and a server restart: every report once', { timeout: 120_000 }, async () => {
    const user = 'rua@contoso.test';
    tokens.addClient({ tenant: 'contoso', clientId: 'atlas-generic', secret: 's3cret&=x', mailboxes: [user] });
    tokens.addClient({ tenant: 'contoso', clientId: 'inspector', secret: 'inspector-secret', mailboxes: [user] });
    tokens.lifetimeSeconds = 4;
    const REPORTS = 120;
    const mails = await Promise.all(Array.from({ length: REPORTS }, (_, n) => syntheticReportMail('xoauth', n)));
    dovecot.deliver(user, [...mails, await junkMail(1), await junkMail(2)]);

    // The real pipeline, held at three points of the backlog so that the test can act while the
    // poller is in the middle of it (never a sleep: each hold waits on a condition).
    let ingested = 0;
    const holds = new Map<number, { reached: () => void; release: Promise<void> }>();
    const hold = (at: number) => {
      let release!: () => void;
      let reached!: () => void;
      const reachedP = new Promise<void>((r) => (reached = r));
      holds.set(at, { reached, release: new Promise<void>((r) => (release = r)) });
      return { reached: reachedP, release };
    };
    const ingest: IngestMessage = async (input) => {
      const n = ++ingested;
      const h = holds.get(n);
      if (h) {
        h.reached();
        await h.release;
      }
      return pipelineIngest(input);
    };
    const expiry = hold(30);
    const revocation = hold(60);
    const restart = hold(95);

    const url = imapUrl(user, `auth=oauth2&token_url=${enc(tokens.tokenUrl('contoso'))}&client_id=atlas-generic&client_secret=${enc('s3cret&=x')}&scope=${enc(SCOPE)}`);
    const poller = await testPoller([url], { batchSize: 10, ingest });
    try {
      // 1. The token the session signed in with runs out while the poller waits here: the
      //    server now refuses it, and the poller must sign in again with a new one.
      await expiry.reached;
      const issuedBefore = tokens.stats.issued;
      await waitFor('the first token to expire at the token server', async () => tokens.stats.activeTokens().length === 0, 15_000);
      expiry.release();
      await waitFor('a new token after expiry', async () => tokens.stats.issued > issuedBefore, 15_000);

      // 2. A token revoked before its time (our cache still trusts it) and the session cut:
      //    AUTHENTICATE fails once, the poller refreshes and goes on.
      await revocation.reached;
      tokens.lifetimeSeconds = 3600;
      const issuedAtRevocation = tokens.stats.issued;
      for (const token of tokens.stats.activeTokens()) tokens.revoke(token);
      dovecot.kick(user);
      const refusedBefore = tokens.stats.inactive;
      revocation.release();
      await waitFor('a new token after the revocation', async () => tokens.stats.issued > issuedAtRevocation, 15_000);
      expect(tokens.stats.inactive).toBeGreaterThan(refusedBefore); // Dovecot did refuse the revoked token

      // 3. The server restarts mid-backlog, while a batch is being ingested (its moves then fail,
      //    and its messages are read again: their reports are recognised as duplicates).
      await restart.reached;
      await dovecot.restart();
      restart.release();

      const mail = await lookWithToken(user);
      await expect(testImapClient(dovecot, user, 'pw')).rejects.toThrow(/login as rua@contoso\.test failed/); // no password login for it
      await waitFor('the backlog handled', async () => (await folderCount(mail, 'INBOX')) === 0, 60_000);
      expect(await reportsWithPrefix('xoauth')).toBe(REPORTS);
      const ids = await prisma().report.findMany({ where: { reportId: { startsWith: 'xoauth-' } }, select: { reportId: true } });
      expect(new Set(ids.map((r) => r.reportId)).size).toBe(REPORTS);
      expect(await folderCount(mail, 'DMARC/Processed')).toBe(REPORTS);
      expect(await folderCount(mail, 'DMARC/Failed')).toBe(2);
      // Three tokens at least: the first, one after expiry, one after the revocation.
      expect(tokens.stats.issuedTo('atlas-generic')).toBeGreaterThanOrEqual(3);
      const row = await mailboxRow(user);
      // Messages whose moves the restart cut off were read again; the pipeline knew their reports.
      // (the same input again: one more attempt on its ingest_file row, no second report).
      expect(await prisma().ingestFile.count({ where: { mailboxId: row.id, attempts: { gt: 1 } } })).toBeGreaterThan(0);
      expect(row.tokenRefreshedAt).not.toBeNull();
      expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(row.tokenRefreshedAt!.getTime());
      expect(row.oauth).toMatchObject({ flow: 'client-credentials', clientId: 'atlas-generic', tokenUrl: tokens.tokenUrl('contoso') });
      expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('s3cret');
    } finally {
      for (const h of holds.values()) h.reached();
      expiry.release();
      revocation.release();
      restart.release();
      await poller.stop();
      tokens.lifetimeSeconds = 3600;
    }
  });

  it('signs in as a Microsoft 365 app through msal-node, with a client secret or a certificate', async () => {
    tokens.addClient({ tenant: 'contoso', clientId: 'atlas-msal', secret: 'msal-secret', mailboxes: ['msal@contoso.test'] });
    tokens.addClient({ tenant: 'contoso', clientId: 'atlas-cert', certificatePem: appCertificate.cert, mailboxes: ['cert@contoso.test'] });
    const pemFile = path.join(appCertificate.dir, 'app.pem');
    writeFileSync(pemFile, appCertificate.cert + appCertificate.key);
    for (const [n, user] of ['msal@contoso.test', 'cert@contoso.test'].entries()) {
      dovecot.deliver(user, await Promise.all([0, 1, 2].map((i) => syntheticReportMail(`ms${n}`, i))));
    }
    const authority = `authority=${enc(tokens.authority)}&tenant=contoso`;
    const poller = await testPoller([
      imapUrl('msal@contoso.test', `auth=microsoft&${authority}&client_id=atlas-msal&client_secret=msal-secret`),
      imapUrl('cert@contoso.test', `auth=microsoft&${authority}&client_id=atlas-cert&certificate_file=${enc(pemFile)}`),
    ]);
    try {
      await waitFor('both mailboxes read', async () => (await reportsWithPrefix('ms0')) === 3 && (await reportsWithPrefix('ms1')) === 3, 30_000);
      expect(await folderCount(await look('cert@contoso.test'), 'DMARC/Processed')).toBe(3);
      expect((await mailboxRow('msal@contoso.test')).oauth).toMatchObject({ flow: 'microsoft', tenantId: 'contoso', credential: 'secret' });
      expect((await mailboxRow('cert@contoso.test')).oauth).toMatchObject({ flow: 'microsoft', credential: 'certificate' });
    } finally {
      await poller.stop();
    }
  });

  it('signs in to Google as a service account with domain-wide delegation, or with a refresh token', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(certificate.dir, 'service-account.json');
    const email = 'atlas@project.iam.gserviceaccount.com';
    writeFileSync(keyFile, JSON.stringify({ type: 'service_account', client_email: email, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), private_key_id: 'k1' }));
    tokens.addServiceAccount({ email, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), delegatedUsers: ['dmarc@fabrikam.test'] });
    // A refresh token as the consent flow leaves it: code from the consent page, traded once.
    tokens.addOAuthClient({ clientId: 'web-client', secret: 'web-secret' });
    tokens.consentAs = 'consent@fabrikam.test';
    const { exchangeConsentCode, consentUrl } = await import('../../../lib/mailboxes/oauth/google-consent');
    const config = { flow: 'google-refresh-token' as const, clientId: 'web-client', tokenUrl: tokens.googleTokenUrl, authUrl: tokens.googleAuthUrl, scope: 'https://mail.google.com/' };
    const redirect = 'http://127.0.0.1:9/settings/mailboxes/oauth/callback';
    const consent = await fetch(consentUrl(config, 'web-secret', redirect, 'st', 'consent@fabrikam.test'), { redirect: 'manual' });
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const refreshToken = await exchangeConsentCode(config, 'web-secret', redirect, code);

    dovecot.deliver('dmarc@fabrikam.test', await Promise.all([0, 1].map((i) => syntheticReportMail('gsa', i))));
    dovecot.deliver('consent@fabrikam.test', await Promise.all([0, 1].map((i) => syntheticReportMail('grt', i))));
    const poller = await testPoller([
      imapUrl('dmarc@fabrikam.test', `auth=google&key_file=${enc(keyFile)}&token_url=${enc(tokens.googleTokenUrl)}`),
      imapUrl('consent@fabrikam.test', `auth=google&client_id=web-client&client_secret=web-secret&refresh_token=${enc(refreshToken)}&token_url=${enc(tokens.googleTokenUrl)}`),
    ]);
    try {
      await waitFor('both Google mailboxes read', async () => (await reportsWithPrefix('gsa')) === 2 && (await reportsWithPrefix('grt')) === 2, 30_000);
    } finally {
      await poller.stop();
    }
  });

  it('says in words what is missing: mailbox permission, the right secret, the tenant, delegation', async () => {
    tokens.addClient({ tenant: 'contoso', clientId: 'no-permission', secret: 'x', mailboxes: [] });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(certificate.dir, 'undelegated.json');
    writeFileSync(keyFile, JSON.stringify({ client_email: 'other@project.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) }));
    tokens.addServiceAccount({ email: 'other@project.iam.gserviceaccount.com', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), delegatedUsers: [] });
    const authority = `authority=${enc(tokens.authority)}`;
    const poller = await testPoller(
      [
        imapUrl('rua@contoso.test', `auth=microsoft&${authority}&tenant=contoso&client_id=no-permission&client_secret=x&label=perm`),
        imapUrl('msal@contoso.test', `auth=microsoft&${authority}&tenant=contoso&client_id=atlas-msal&client_secret=not-the-secret-9x&label=secret`),
        imapUrl('msal@contoso.test', `auth=microsoft&${authority}&tenant=nowhere&client_id=atlas-msal&client_secret=msal-secret&label=tenant`),
        imapUrl('dmarc@fabrikam.test', `auth=google&key_file=${enc(keyFile)}&token_url=${enc(tokens.googleTokenUrl)}&label=dwd`),
      ],
      { backoffMinMs: 120_000, backoffMaxMs: 120_000 },
    );
    const error = async (label: string) => (await prisma().mailbox.findFirstOrThrow({ where: { label } })).lastError ?? '';
    try {
      await waitFor('all four failing with a reason', async () => (await Promise.all(['perm', 'secret', 'tenant', 'dwd'].map(error))).every(Boolean), 30_000);
      // The app got a token but Exchange (here: Dovecot) refused it: one refresh, then back off.
      expect(await error('perm')).toMatch(/IMAP\.AccessAsApp.*New-ServicePrincipal -AppId no-permission.*Add-MailboxPermission -Identity rua@contoso\.test/);
      expect(tokens.stats.issuedTo('no-permission')).toBe(2);
      expect(await error('secret')).toMatch(/client secret is wrong.*AADSTS7000215/);
      expect(await error('tenant')).toMatch(/tenant nowhere does not exist/i);
      expect(await error('dwd')).toMatch(/Domain-wide delegation is not set up/);
      for (const label of ['perm', 'secret', 'tenant', 'dwd']) expect(await error(label)).not.toMatch(/msal-secret|not-the-secret-9x|PRIVATE KEY/);
    } finally {
      await poller.stop();
    }
  });
});
