import { createPublicKey, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

// A loopback OAuth2 authorisation server standing in for Microsoft Entra ID and Google's token
// endpoint, with the documented request and response shapes: client credentials (secret, or a
// certificate's signed client assertion as msal-node sends it), Google's JWT-bearer grant of a
// service account with domain-wide delegation, the authorisation-code consent flow with refresh
// tokens, OpenID metadata for msal-node's authority discovery, and RFC 7662 introspection for
// Dovecot's oauth2 passdb. Tokens are opaque, short-lived on demand, and revocable.

export interface TokenServer {
  /** https origin (what msal-node and the app talk to). */
  httpsUrl: string;
  /** http origin on another port (what Dovecot's introspection calls). */
  httpUrl: string;
  introspectionUrl: string;
  /** Microsoft-style token endpoint of a tenant. */
  tokenUrl(tenant: string): string;
  /** The authority msal-node is given (origin; the tenant is appended by the app). */
  authority: string;
  googleTokenUrl: string;
  googleAuthUrl: string;
  /** Access token lifetime for new tokens. */
  lifetimeSeconds: number;
  addTenant(tenant: string): void;
  /** An app-only client: may open `mailboxes` (IMAP.AccessAsApp + mailbox permission). */
  addClient(client: { tenant: string; clientId: string; secret?: string; certificatePem?: string; mailboxes: string[] }): void;
  addServiceAccount(account: { email: string; publicKeyPem: string; delegatedUsers: string[] }): void;
  addOAuthClient(client: { clientId: string; secret: string }): void;
  /** The user who "signs in and allows" at the consent screen. */
  consentAs: string;
  revoke(token: string): void;
  /** What the token server knows of a token (resource servers such as the Graph stand-in ask). */
  tokenInfo(token: string): { subject: string | null; clientId: string; scope: string; active: boolean } | null;
  /** Mailboxes an app was granted (the Graph stand-in's Mail.ReadWrite + access policy). */
  grantedMailboxes(clientId: string): string[];
  /** Tokens issued (all grants), introspections answered, grants refused. */
  readonly stats: { issued: number; introspections: number; refused: number; activeTokens: () => string[]; issuedTo: (clientId: string) => number; inactive: number };
  close(): Promise<void>;
}

interface TokenRecord {
  subject: string | null;
  exp: number;
  clientId: string;
  scope: string;
}

const now = () => Math.floor(Date.now() / 1000);
const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function verifyJwt(jwt: string, key: KeyObject): { header: Record<string, unknown>; claims: Record<string, unknown> } | null {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return null;
  const header = b64urlJson(h);
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const ok =
    header.alg === 'RS256'
      ? verify('sha256', data, key, signature)
      : header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }, signature)
        : false;
  if (!ok) return null;
  return { header, claims: b64urlJson(p) };
}

export async function startTokenServer(tlsOptions: { key: string; cert: string }): Promise<TokenServer> {
  const tenants = new Set<string>();
  const clients = new Map<string, { tenant: string; secret?: string; cert?: X509Certificate; mailboxes: string[] }>();
  const serviceAccounts = new Map<string, { key: KeyObject; delegatedUsers: string[] }>();
  const oauthClients = new Map<string, string>();
  const tokens = new Map<string, TokenRecord>();
  const codes = new Map<string, { clientId: string; redirectUri: string; user: string; scope: string }>();
  const refreshTokens = new Map<string, { clientId: string; user: string; scope: string }>();
  const perClient = new Map<string, number>();
  const stats = {
    issued: 0,
    introspections: 0,
    refused: 0,
    activeTokens: () => [...tokens.entries()].filter(([, t]) => t.exp > now()).map(([k]) => k),
    issuedTo: (clientId: string) => perClient.get(clientId) ?? 0,
    /** Introspections that answered "not active" (expired, revoked or unknown tokens). */
    inactive: 0,
  };

  let httpsOrigin = '';
  const server: TokenServer = {
    httpsUrl: '',
    httpUrl: '',
    introspectionUrl: '',
    authority: '',
    googleTokenUrl: '',
    googleAuthUrl: '',
    tokenUrl: (tenant) => `${httpsOrigin}/${tenant}/oauth2/v2.0/token`,
    lifetimeSeconds: 3600,
    consentAs: '',
    addTenant: (tenant) => void tenants.add(tenant),
    addClient(client) {
      tenants.add(client.tenant);
      clients.set(client.clientId, { tenant: client.tenant, secret: client.secret, cert: client.certificatePem ? new X509Certificate(client.certificatePem) : undefined, mailboxes: client.mailboxes });
    },
    addServiceAccount(account) {
      serviceAccounts.set(account.email, { key: createPublicKey(account.publicKeyPem), delegatedUsers: account.delegatedUsers });
    },
    addOAuthClient: (client) => void oauthClients.set(client.clientId, client.secret),
    revoke: (token) => void tokens.delete(token),
    tokenInfo(token) {
      const record = tokens.get(token);
      return record ? { subject: record.subject, clientId: record.clientId, scope: record.scope, active: record.exp > now() } : null;
    },
    grantedMailboxes: (clientId) => clients.get(clientId)?.mailboxes ?? [],
    stats,
    close: async () => undefined,
  };

  const issue = (record: Omit<TokenRecord, 'exp'>, withRefresh = false) => {
    const token = `at_${randomBytes(18).toString('base64url')}`;
    tokens.set(token, { ...record, exp: now() + server.lifetimeSeconds });
    stats.issued++;
    perClient.set(record.clientId, (perClient.get(record.clientId) ?? 0) + 1);
    const body: Record<string, unknown> = { token_type: 'Bearer', access_token: token, expires_in: server.lifetimeSeconds, ext_expires_in: server.lifetimeSeconds, scope: record.scope };
    if (withRefresh) {
      const refresh = `rt_${randomBytes(18).toString('base64url')}`;
      refreshTokens.set(refresh, { clientId: record.clientId, user: record.subject ?? '', scope: record.scope });
      body.refresh_token = refresh;
    }
    return body;
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', httpsOrigin);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, error: string, description: string) => {
      stats.refused++;
      send(status, { error, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)] });
    };

    // Dovecot's oauth2 passdb (introspection_mode = post): is the token active, and whose is it?
    if (req.method === 'POST' && url.pathname === '/introspect') {
      stats.introspections++;
      const record = tokens.get(form.get('token') ?? '');
      if (!record || record.exp <= now()) {
        stats.inactive++;
        return send(200, { active: false });
      }
      return send(200, { active: true, username: record.subject ?? '', client_id: record.clientId, exp: record.exp, scope: record.scope });
    }

    // msal-node's authority metadata discovery (knownAuthorities: no instance discovery).
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && metadata) {
      const tenant = decodeURIComponent(metadata[1]);
      if (!tenants.has(tenant)) return refuse(400, 'invalid_tenant', `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
      const base = `${httpsOrigin}/${tenant}`;
      return send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${httpsOrigin}/${tenant}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        response_types_supported: ['code'],
      });
    }

    // Microsoft's v2.0 token endpoint: client credentials only (app-only access).
    const msToken = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && msToken) {
      const tenant = decodeURIComponent(msToken[1]);
      if (!tenants.has(tenant)) return refuse(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
      if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'AADSTS70003: unsupported grant type');
      let clientId = form.get('client_id') ?? '';
      let secret = form.get('client_secret');
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic) [clientId, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
      const client = clients.get(clientId);
      if (!client || client.tenant !== tenant) {
        return refuse(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
      }
      const assertion = form.get('client_assertion');
      if (assertion) {
        const checked = client.cert ? verifyJwt(assertion, client.cert.publicKey) : null;
        const thumbprint = client.cert ? Buffer.from(client.cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url') : '';
        const claims = checked?.claims;
        const ok =
          checked &&
          (checked.header['x5t#S256'] === thumbprint || checked.header.x5t !== undefined) &&
          claims?.iss === clientId &&
          claims.sub === clientId &&
          claims.aud === server.tokenUrl(tenant) &&
          typeof claims.exp === 'number' &&
          claims.exp > now();
        if (!ok) return refuse(401, 'invalid_client', 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.');
      } else if (!client.secret || secret !== client.secret) {
        return refuse(401, 'invalid_client', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
      }
      const scope = form.get('scope') ?? '';
      if (!scope.endsWith('/.default')) return refuse(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
      // App-only tokens carry no user: this one maps to the mailbox the app was given access to.
      return send(200, issue({ subject: client.mailboxes[0] ?? null, clientId, scope }));
    }

    // Google's token endpoint: service accounts, authorisation codes and refresh tokens.
    if (req.method === 'POST' && url.pathname === '/google/token') {
      const grant = form.get('grant_type');
      if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const [, payload] = (form.get('assertion') ?? '').split('.');
        const unverified = payload ? b64urlJson(payload) : {};
        const account = serviceAccounts.get(String(unverified.iss));
        const checked = account ? verifyJwt(form.get('assertion') ?? '', account.key) : null;
        if (!account || !checked) return refuse(400, 'invalid_grant', 'Invalid JWT Signature.');
        const { claims } = checked;
        if (claims.aud !== 'https://oauth2.googleapis.com/token' || typeof claims.exp !== 'number' || claims.exp < now()) return refuse(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
        const subject = String(claims.sub ?? '');
        if (!account.delegatedUsers.includes(subject) || !String(claims.scope).split(' ').includes('https://mail.google.com/')) {
          return refuse(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
        }
        return send(200, issue({ subject, clientId: String(claims.iss), scope: String(claims.scope) }));
      }
      const clientId = form.get('client_id') ?? '';
      if (!oauthClients.has(clientId) || oauthClients.get(clientId) !== form.get('client_secret')) return refuse(401, 'invalid_client', 'The OAuth client was not found.');
      if (grant === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!code || code.clientId !== clientId || code.redirectUri !== form.get('redirect_uri')) return refuse(400, 'invalid_grant', 'Malformed auth code.');
        return send(200, issue({ subject: code.user, clientId, scope: code.scope }, true));
      }
      if (grant === 'refresh_token') {
        const refresh = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!refresh || refresh.clientId !== clientId) return refuse(400, 'invalid_grant', 'Token has been expired or revoked.');
        return send(200, issue({ subject: refresh.user, clientId, scope: refresh.scope }));
      }
      return refuse(400, 'unsupported_grant_type', `grant_type ${grant}`);
    }

    // Google's consent screen, as if the user signed in and clicked "Allow".
    if (req.method === 'GET' && url.pathname === '/google/auth') {
      const q = url.searchParams;
      const clientId = q.get('client_id') ?? '';
      const redirectUri = q.get('redirect_uri') ?? '';
      if (!oauthClients.has(clientId) || q.get('response_type') !== 'code') return send(400, { error: 'invalid_request' });
      const code = `code_${randomBytes(12).toString('base64url')}`;
      codes.set(code, { clientId, redirectUri, user: server.consentAs, scope: q.get('scope') ?? '' });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      back.searchParams.set('scope', q.get('scope') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    send(404, { error: 'not_found' });
  };
  const wrapped = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  };

  const secure = https.createServer({ key: tlsOptions.key, cert: tlsOptions.cert }, wrapped);
  const plain = http.createServer(wrapped);
  await Promise.all([new Promise<void>((r) => secure.listen(0, '127.0.0.1', r)), new Promise<void>((r) => plain.listen(0, '127.0.0.1', r))]);
  httpsOrigin = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  const httpOrigin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  Object.assign(server, {
    httpsUrl: httpsOrigin,
    httpUrl: httpOrigin,
    introspectionUrl: `${httpOrigin}/introspect`,
    authority: httpsOrigin,
    // Plain http: google-auth-library's transport (node-fetch) ignores the test's trusted
    // certificate; the app allows http token endpoints on loopback only.
    googleTokenUrl: `${httpOrigin}/google/token`,
    googleAuthUrl: `${httpOrigin}/google/auth`,
    close: async () => {
      secure.closeAllConnections();
      plain.closeAllConnections();
      await Promise.all([new Promise((r) => secure.close(r)), new Promise((r) => plain.close(r))]);
    },
  });
  return server;
}
