/**
 * What a DNSBL's A answer means. Lists answer 127.0.0.x for a listing, each with its own codes;
 * Spamhaus answers 127.255.255.x when it refuses the query (public resolver, over the free
 * limit, wrong zone name) — that is an error of the lookup, never a listing.
 */
export type TAnswerMeaning = { kind: 'listed'; meaning: string } | { kind: 'error'; meaning: string };

const SPAMHAUS: Record<string, string> = {
  '127.0.0.2': 'SBL: Spamhaus SBL (direct spam source)',
  '127.0.0.3': 'SBL CSS: snowshoe spam / low-reputation sender',
  '127.0.0.4': 'XBL: exploited or infected host (CBL)',
  '127.0.0.5': 'XBL: exploited or infected host',
  '127.0.0.6': 'XBL: exploited or infected host',
  '127.0.0.7': 'XBL: exploited or infected host',
  '127.0.0.9': 'SBL DROP: hijacked or criminal netblock',
  '127.0.0.10': 'PBL: end-user range per its ISP (should not send directly to MX)',
  '127.0.0.11': 'PBL: end-user range per Spamhaus (should not send directly to MX)',
};

const SPAMHAUS_ERRORS: Record<string, string> = {
  '127.255.255.252': 'Spamhaus: typing error in the DNSBL name',
  '127.255.255.254': 'Spamhaus refused the query: it came through a public/open resolver (use your own resolver or a Spamhaus DQS key)',
  '127.255.255.255': 'Spamhaus refused the query: excessive number of queries (over the free-use limit)',
};

/** Decodes one answer address for a zone. */
export function meaningOf(zone: string, answer: string): TAnswerMeaning {
  const spamhaus = zone === 'spamhaus.org' || zone.endsWith('.spamhaus.org') || zone.endsWith('.spamhaus.net');
  if (answer.startsWith('127.255.255.')) {
    return { kind: 'error', meaning: (spamhaus && SPAMHAUS_ERRORS[answer]) || `the list refused the query (${answer})` };
  }
  if (!answer.startsWith('127.') || answer === '127.0.0.1') {
    // Real lists answer inside 127.0.0.0/8; anything else is a resolver rewriting NXDOMAIN.
    return { kind: 'error', meaning: `unexpected answer ${answer} (a resolver that rewrites NXDOMAIN?)` };
  }
  if (spamhaus) return { kind: 'listed', meaning: SPAMHAUS[answer] ?? `Spamhaus listing (${answer})` };
  if (zone === 'b.barracudacentral.org') return { kind: 'listed', meaning: answer === '127.0.0.2' ? 'Barracuda Reputation Block List' : `Barracuda listing (${answer})` };
  if (zone === 'bl.spamcop.net') return { kind: 'listed', meaning: answer === '127.0.0.2' ? 'SpamCop: reported as a spam source' : `SpamCop listing (${answer})` };
  return { kind: 'listed', meaning: `listed (${answer})` };
}
