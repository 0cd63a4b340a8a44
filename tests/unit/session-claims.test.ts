import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeSessionToken, readSessionClaims, SESSION_COOKIE } from '../../lib/access/auth/session-token';

// A session cookie decodes to the same claims each time it is read; a cookie read before still
// stops working at its expiry, and under another secret it is nobody's.

const sid = '0b6f3c1e-8a4d-4f2b-9c7e-5d1a2b3c4d5e';
const cookieOf = (token: string) => `${SESSION_COOKIE}=${token}`;

describe('reading the session cookie', () => {
  beforeEach(() => {
    vi.stubEnv('AUTH_SECRET', 'session-claims-test-secret-0123456789abcdef');
    vi.stubEnv('ATLAS_SESSION_MAX_AGE_HOURS', '1');
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('gives the same claims on every read', async () => {
    const token = await encodeSessionToken({ userId: 7, sessionVersion: 2, sid });
    const first = await readSessionClaims(cookieOf(token));
    expect(first).toEqual({ userId: 7, sessionVersion: 2, sid });
    expect(await readSessionClaims(cookieOf(token))).toEqual(first);
  });

  it('refuses a cookie past its expiry, even one read before', async () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const token = await encodeSessionToken({ userId: 8, sessionVersion: 0, sid });
    expect(await readSessionClaims(cookieOf(token))).not.toBeNull();
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    expect(await readSessionClaims(cookieOf(token))).toBeNull();
  });

  it('refuses a cookie read before once the secret changed', async () => {
    const token = await encodeSessionToken({ userId: 9, sessionVersion: 0, sid });
    expect(await readSessionClaims(cookieOf(token))).not.toBeNull();
    vi.stubEnv('AUTH_SECRET', 'another-secret-entirely-0123456789abcdefgh');
    expect(await readSessionClaims(cookieOf(token))).toBeNull();
  });
});
