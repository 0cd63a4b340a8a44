import { describe, expect, it } from 'vitest';
import { clientIp } from '../../../lib/access/auth/client-ip';
import { safeCallbackUrl } from '../../../lib/access/auth/safe-callback-url';

const xff = (value: string) => ({ 'x-forwarded-for': value });

describe('the client address the sign-in limits count', () => {
  it("under Atlas's web server with no proxy: the socket's address, whatever the client wrote", () => {
    // The server appended the socket's address (127.0.0.1) to what the client sent.
    expect(clientIp(xff('203.0.113.9, 127.0.0.1'), 0, true)).toBe('127.0.0.1');
    expect(clientIp(xff('127.0.0.1'), 0, true)).toBe('127.0.0.1');
  });

  it('behind N proxies: the address the outermost proxy saw, never what the client wrote before it', () => {
    // client forged "1.1.1.1"; nginx appended the client's real address; the socket is nginx.
    expect(clientIp(xff('1.1.1.1, 198.51.100.7, 10.0.0.2'), 1, true)).toBe('198.51.100.7');
    expect(clientIp(xff('1.1.1.1, 198.51.100.7, 10.0.0.3, 10.0.0.2'), 2, true)).toBe('198.51.100.7');
    // Fewer entries than proxies declared: the request did not come through them all.
    expect(clientIp(xff('10.0.0.2'), 1, true)).toBeNull();
  });

  it('under a bare `next start` with no proxy nothing can be trusted', () => {
    expect(clientIp(xff('203.0.113.9'), 0, false)).toBeNull();
    expect(clientIp(xff('1.1.1.1, 198.51.100.7'), 1, false)).toBe('198.51.100.7');
  });
});

describe('where the browser goes after signing in', () => {
  const base = 'https://dmarc.example.com';
  it.each([
    ['/\t/evil.example/phish', '/'],
    ['/\n/evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/x', '/'],
    ['http://dmarc.example.com/x', '/'],
    ['https://dmarc.example.com@evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/.//evil.example', '/evil.example'],
    ['/\u000b/evil.example', '/%0B/evil.example'],
    ['/\u3000/x', '/%E3%80%80/x'],
    ['/settings/members?tab=1#invite', '/settings/members?tab=1#invite'],
    ['https://dmarc.example.com/domains/a.example', '/domains/a.example'],
    ['', '/'],
  ])('%j → %j', (raw, expected) => {
    expect(safeCallbackUrl(raw, base)).toBe(expected);
  });

  it('takes the first of repeated values and refuses absurd lengths', () => {
    expect(safeCallbackUrl(['/a', '//evil.example'], base)).toBe('/a');
    expect(safeCallbackUrl(`/${'a'.repeat(5000)}`, base)).toBe('/');
  });
});
