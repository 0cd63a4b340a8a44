import { isIP } from 'node:net';

const MAX_TOKENS = 2_000;

/**
 * The IP address a rejection names ("Client host [192.0.2.1] blocked", "messages from
 * 192.0.2.1 weren't sent", "[2001:db8::1 12]"): in a server's reply an address is the
 * connecting client's, which is the sending IP the rejection is about. `exclude` holds the
 * rejecting server's own addresses. Loopback and unspecified addresses are never the sender.
 *
 * IPv6 is accepted loosely (hex groups, optionally an IPv4 tail) because anonymised corpora and
 * some servers print addresses that are not strictly valid; what is returned is the text as
 * written. Callers that query DNS validate it again.
 */
export function statedSendingIp(text: string | null, exclude: ReadonlyArray<string | null> = []): string | null {
  if (!text) return null;
  const skip = new Set(exclude.filter((e): e is string => !!e).map((e) => e.toLowerCase()));
  // Tokens: split on everything that cannot be part of an address, then trim sentence dots.
  const tokens = text.split(/[^0-9A-Fa-f:.]+/, MAX_TOKENS);
  for (const raw of tokens) {
    const token = raw.replace(/^[.:]+(?!:)/, '').replace(/\.+$/, '');
    if (token.length < 7 || token.length > 45) continue;
    if (!looksLikeIp(token)) continue;
    const lower = token.toLowerCase();
    if (skip.has(lower) || isLoopbackOrUnspecified(lower)) continue;
    return token;
  }
  return null;
}

function looksLikeIp(token: string): boolean {
  if (isIP(token) === 4) return true;
  if (!token.includes(':')) return false;
  if (isIP(token) === 6) return hasIpv6Shape(token);
  return hasIpv6Shape(token);
}

/** Hex groups separated by colons (at least four, or a "::"), optionally ending in a dotted quad. */
function hasIpv6Shape(token: string): boolean {
  const groups = token.split(':');
  if (groups.length > 9) return false;
  const last = groups[groups.length - 1];
  const v4Tail = last.includes('.');
  if (v4Tail && isIP(last) !== 4) return false;
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{0,4}$/.test(g))) return false;
  const compressed = token.includes('::');
  // "23:34:45" is a time of day, not an address: require four groups or a compression.
  return compressed || groups.length >= 4;
}

function isLoopbackOrUnspecified(ip: string): boolean {
  return ip.startsWith('127.') || ip === '0.0.0.0' || ip === '::1' || ip === '::';
}
