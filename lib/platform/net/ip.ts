/**
 * Canonical text of an IP address: IPv4 dotted decimal, IPv6 per RFC 5952 (lower case,
 * leading zeros dropped, the longest run of two or more zero groups compressed to "::",
 * IPv4-mapped addresses as ::ffff:a.b.c.d). Returns null when the text is not an address.
 * Hand-written rather than `net` + URL tricks because it runs once per record.
 */
export function canonicalIp(text: string): string | null {
  if (text.indexOf(':') === -1) return isIPv4(text) ? text : null;
  return canonicalIPv6(text);
}

/** A canonical IPv4 address as a 32-bit number (for compact distinct counting). */
export function ipv4ToNumber(canonical: string): number {
  let value = 0;
  let octet = 0;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    if (c === 0x2e) {
      value = value * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 0x30);
    }
  }
  return value * 256 + octet;
}

function isIPv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      // Leading zeros are refused: "010" is octal to some parsers and decimal to others.
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}

function parseIPv4Words(s: string): [number, number] | null {
  if (!isIPv4(s)) return null;
  const b = s.split('.').map(Number);
  return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
}

function parseGroups(part: string, out: number[]): boolean {
  if (part === '') return true;
  for (const g of part.split(':')) {
    if (g.length === 0 || g.length > 4 || !/^[0-9a-fA-F]+$/.test(g)) return false;
    out.push(Number.parseInt(g, 16));
  }
  return true;
}

function canonicalIPv6(s: string): string | null {
  const groups = ipv6Groups(s);
  return groups ? formatIPv6(groups) : null;
}

/** The eight 16-bit groups of an IPv6 address (any valid text form), or null when it is not one. */
function ipv6Groups(s: string): number[] | null {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes the two hex groups it stands for.
    const words = parseIPv4Words(text.slice(lastColon + 1));
    if (!words) return null;
    text = `${text.slice(0, lastColon + 1)}${words[0].toString(16)}:${words[1].toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head: number[] = [];
  const rest: number[] = [];
  if (!parseGroups(halves[0], head)) return null;
  if (halves.length === 2 && !parseGroups(halves[1], rest)) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  }
  return explicit === 8 ? head : null;
}

function formatIPv6(g: number[]): string {
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
