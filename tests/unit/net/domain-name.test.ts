import { describe, expect, it } from 'vitest';
import { ZDomainName } from '../../../lib/platform/net';

// The one domain-name rule: what a person types, and what a report names as a DKIM or SPF
// domain, is a host name or is refused — never cut down to the host part of something else.

describe('ZDomainName', () => {
  it('accepts host names, in the form DNS carries them', () => {
    expect(ZDomainName.parse(' Example.COM. ')).toBe('example.com');
    expect(ZDomainName.parse('mail.sub.example.co.uk')).toBe('mail.sub.example.co.uk');
    expect(ZDomainName.parse('bücher.de')).toBe('xn--bcher-kva.de');
  });

  it.each([
    'support@attacker.example',
    'user:pw@attacker.example',
    'attacker.example/path',
    'attacker.example:25',
    'attacker.example?x',
    'attacker.example#x',
    'attacker.example\\x',
    'call +1 555 0100 now.example',
    '<img src=x>.example',
    `${'a'.repeat(64)}.example`,
    `${'a.'.repeat(127)}example`,
    'co.uk',
    '192.0.2.1',
  ])('refuses %s', (text) => {
    expect(ZDomainName.safeParse(text).success).toBe(false);
  });
});
