// DMARC report URIs (RFC 7489 section 6.2, DMARCbis): a URI, then an optional "!" and a size
// limit with an optional unit (k, m, g, t). Only mailto: is used by receivers in practice.

export interface TDmarcUri {
  uri: string;
  scheme: string | null;
  /** The mailbox of a mailto: URI, decoded. */
  address: string | null;
  /** Lower-case host the reports go to (the mailbox's domain). */
  host: string | null;
  /** The "!" size limit as written (e.g. "10m"). */
  max_size: string | null;
  /** Why the URI is unusable; null when it is fine. */
  error: string | null;
}

const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function parseDmarcUri(raw: string): TDmarcUri {
  const text = raw.trim();
  const result: TDmarcUri = { uri: text, scheme: null, address: null, host: null, max_size: null, error: null };
  let uri = text;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const size = text.slice(bang + 1);
    uri = text.slice(0, bang);
    if (!/^\d+[kmgt]?$/i.test(size)) return { ...result, error: `"!${size}" is not a size limit (digits with an optional k, m, g or t)` };
    result.max_size = size.toLowerCase();
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
  if (!scheme) return { ...result, error: /@/.test(uri) ? 'not a URI: the address needs "mailto:" in front' : 'not a URI' };
  result.scheme = scheme[1].toLowerCase();
  if (result.scheme !== 'mailto') {
    try {
      result.host = new URL(uri).hostname.toLowerCase() || null;
    } catch {
      return { ...result, error: 'not a valid URI' };
    }
    return result;
  }
  const mailbox = decode(uri.slice(scheme[0].length).split('?')[0]);
  if (mailbox === null) return { ...result, error: 'invalid %-encoding' };
  const at = mailbox.lastIndexOf('@');
  const local = at > 0 ? mailbox.slice(0, at) : '';
  const host = at > 0 ? mailbox.slice(at + 1) : '';
  if (!local || /[\s,;]/.test(local) || !HOST.test(host)) return { ...result, error: `"${mailbox}" is not a mail address` };
  return { ...result, address: mailbox, host: host.toLowerCase() };
}

/** The comma-separated list of a rua= or ruf= value. */
export function parseDmarcUriList(value: string): TDmarcUri[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseDmarcUri);
}
