import { createHash, randomBytes } from 'node:crypto';

// "atl_" + 32 random bytes (base64url): 256 bits, so a plain sha256 is a safe way to store it
// (no KDF needed: it can't be guessed, only stolen) and a lookup by hash is one index probe.
export const TOKEN_PREFIX = 'atl_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What lists show: enough to tell tokens apart, useless to an attacker. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{40,60}$/.test(value.slice(TOKEN_PREFIX.length));
}
