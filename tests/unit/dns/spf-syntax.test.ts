import { describe, expect, it } from 'vitest';
import { expandMacros } from '../../../lib/dns/spf/spf-macro';
import { parseSpfRecord } from '../../../lib/dns';

// SPF macro expansion (RFC 7208 section 7) and term syntax (section 12) without DNS.

const ctx = { current: 'mail.example.com', sender: 'example.com' };

describe('SPF macros', () => {
  it.each([
    ['%{d}', 'mail.example.com'],
    ['%{d2}', 'example.com'],
    ['%{dr}', 'com.example.mail'],
    ['%{d1r}', 'mail'],
    ['_spf.%{o}', '_spf.example.com'],
    ['%{d-}', 'mail.example.com'],
    ['x%%y.%{o}', 'x%y.example.com'],
  ])('%s → %s', (spec, value) => {
    expect(expandMacros(spec, ctx)).toEqual({ status: 'ok', value });
  });

  it('leaves macros that need the message unexpanded and names them', () => {
    expect(expandMacros('%{ir}.%{v}._spf.%{d}', ctx)).toEqual({ status: 'unexpandable', letters: ['i', 'v'] });
    expect(expandMacros('%{l}.%{s}.%{h}.%{p}', ctx)).toEqual({ status: 'unexpandable', letters: ['l', 's', 'h', 'p'] });
  });

  it('rejects a lone %, unknown letters, exp-only letters and zero labels', () => {
    expect(expandMacros('50%.example.com', ctx).status).toBe('error');
    expect(expandMacros('%{x}.example.com', ctx).status).toBe('error');
    expect(expandMacros('%{c}.example.com', ctx).status).toBe('error');
    expect(expandMacros('%{c}.example.com', ctx, { exp: true }).status).toBe('unexpandable');
    expect(expandMacros('%{d0}.example.com', ctx).status).toBe('error');
  });
});

describe('SPF terms', () => {
  it('reads every mechanism and modifier form', () => {
    const { terms, errors } = parseSpfRecord('v=spf1 a a/24 a:mx.example.com/24//64 mx:example.com ip4:192.0.2.0/24 ip6:2001:db8::/32 ~include:_spf.example.com ?exists:%{i}.x.example.com ptr -all redirect=_spf.example.com exp=exp.example.com');
    expect(errors).toEqual([]);
    expect(terms.map((t) => (t.kind === 'mechanism' ? `${t.qualifier}${t.name}:${t.spec ?? ''}` : `${t.name}=${t.value}`))).toEqual([
      '+a:', '+a:', '+a:mx.example.com', '+mx:example.com', '+ip4:192.0.2.0', '+ip6:2001:db8::', '~include:_spf.example.com', '?exists:%{i}.x.example.com', '+ptr:', '-all:',
      'redirect=_spf.example.com', 'exp=exp.example.com',
    ]);
  });

  it.each([
    ['v=spf1 ip4:192.0.2.300 -all', 'not an IPv4 address'],
    ['v=spf1 ip4:192.0.2.0/33 -all', 'prefix length over 32'],
    ['v=spf1 include -all', 'include needs a domain'],
    ['v=spf1 include:example -all', 'does not end in a domain name'],
    ['v=spf1 redirect:_spf.example.com', 'unknown term'],
    ['v=spf1 all:x', 'all takes no value'],
    ['v=spf1 redirect=a.example.com redirect=b.example.com', 'redirect= given twice'],
    ['v=spf1 include:exa mple.com -all', 'unknown term'],
  ])('%s → %s', (record, error) => {
    expect(parseSpfRecord(record).errors.join('; ')).toContain(error);
  });
});
