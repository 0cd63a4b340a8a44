import { describe, expect, it } from 'vitest';
import { isWithinDomain } from '../../../lib/platform/net';

// A report's rows count for its policy domain only when their header_from is that domain or a
// subdomain of it (issue 17): anyone can mail a report listing other domains' mail.
describe('isWithinDomain (the one rule for "this row is about that domain")', () => {
  it('accepts the domain itself and its subdomains, whatever the case and trailing dots', () => {
    expect(isWithinDomain('example.com', 'example.com')).toBe(true);
    expect(isWithinDomain('mail.example.com', 'example.com')).toBe(true);
    expect(isWithinDomain('a.b.example.com', 'example.com')).toBe(true);
    expect(isWithinDomain('Mail.Example.COM.', 'example.com')).toBe(true);
    expect(isWithinDomain(' example.com ', 'Example.com.')).toBe(true);
  });

  it('compares internationalised names in their ASCII form', () => {
    expect(isWithinDomain('post.bücher.de', 'xn--bcher-kva.de')).toBe(true);
    expect(isWithinDomain('xn--bcher-kva.de', 'bücher.de')).toBe(true);
  });

  it('rejects other domains, look-alikes that only share a suffix, parents and empty values', () => {
    expect(isWithinDomain('example.net', 'example.com')).toBe(false);
    expect(isWithinDomain('badexample.com', 'example.com')).toBe(false);
    expect(isWithinDomain('example.com.evil.test', 'example.com')).toBe(false);
    expect(isWithinDomain('example.com', 'mail.example.com')).toBe(false);
    expect(isWithinDomain('', 'example.com')).toBe(false);
    expect(isWithinDomain(null, 'example.com')).toBe(false);
    expect(isWithinDomain('.', 'example.com')).toBe(false);
  });
});
