import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';

export interface TOidcUser {
  sub: string;
  email: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A minimal OpenID Connect provider on loopback (discovery, authorize, token, JWKS, userinfo)
 * that signs in `user` without asking: enough for next-auth's code flow with PKCE, state and nonce.
 */
export async function startOidcProvider(clientId: string, clientSecret: string) {
  const { publicKey, privateKey } = (await generateKeyPair('RS256')) as { publicKey: KeyLike; privateKey: KeyLike };
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce?: string; user: TOidcUser }>();
  const state = { user: { sub: 'user-1', email: 'user@example.test', email_verified: true } as TOidcUser };
  let issuer = '';

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const code = `code-${codes.size + 1}`;
      codes.set(code, { nonce: url.searchParams.get('nonce') ?? undefined, user: { ...state.user } });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token') {
      const body = new URLSearchParams(await new Promise<string>((resolve) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => resolve(data));
      }));
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const [id, secret] = basic ? basic.split(':').map(decodeURIComponent) : [body.get('client_id'), body.get('client_secret')];
      const grant = codes.get(body.get('code') ?? '');
      if (id !== clientId || secret !== clientSecret || !grant) return json(400, { error: 'invalid_grant' });
      codes.delete(body.get('code')!);
      const idToken = await new SignJWT({ ...grant.user, ...(grant.nonce ? { nonce: grant.nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(grant.user.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(200, { access_token: `at-${grant.user.sub}`, token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    if (url.pathname === '/userinfo') return json(200, state.user);
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    /** Who the next authorisation signs in as. */
    signInAs(user: TOidcUser) {
      state.user = user;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
