/**
 * Reply codes and enhanced status codes (RFC 5321 §4.2, RFC 3463) as servers write them in
 * their replies: "550 5.7.1 …", multi-line "550-5.7.26 …", quoted "550-'5.7.1 …'",
 * Exchange's "#550 5.1.1 …##". Every pattern here is linear: fixed-width pieces, no nesting.
 */

/** Reply code followed by its enhanced code: the pair a server writes at the start of a reply. */
const REPLY_WITH_STATUS = /(?<![\w.])([245]\d\d)[ -]['#]?([245]\.\d{1,3}\.\d{1,3})(?![\w.])/;
/** A bare enhanced status code, not part of a dotted number such as an IP address. */
const STATUS = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w.])/;
/** A bare reply code followed by a space, a dash or the end: "550 …", "550-…". */
const REPLY = /(?<![\w.#-])([245]\d\d)(?=[ -]|$)/;

export function replyCodeOf(text: string | null): number | null {
  if (!text) return null;
  const pair = REPLY_WITH_STATUS.exec(text);
  if (pair) return Number(pair[1]);
  const bare = REPLY.exec(text);
  return bare ? Number(bare[1]) : null;
}

/**
 * The server's own enhanced code: the one written after a reply code wins over any other, so
 * "5.1.0 - Unknown address error 550-'5.7.1 …" (Amazon SES's wrapper) gives 5.7.1.
 */
export function enhancedStatusOf(text: string | null): string | null {
  if (!text) return null;
  const pair = REPLY_WITH_STATUS.exec(text);
  if (pair) return pair[2];
  const bare = STATUS.exec(text);
  return bare ? bare[1] : null;
}

/** "5.0.0 (permanent failure)" → "5.0.0"; null when the field holds no code. */
export function dsnStatusOf(text: string | null): string | null {
  if (!text) return null;
  const m = /^\s*([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(text);
  return m ? m[1] : null;
}

/** Generic codes that say nothing beyond success/transient/permanent. */
export function isGenericStatus(status: string | null): boolean {
  return status === null || /^[245]\.0\.0$/.test(status);
}

/**
 * The text the rules read: lower case, one space between words, and the reply codes of
 * continuation lines removed so that "… due to domain's 550-5.7.26 DMARC policy" reads
 * "… due to domain's dmarc policy".
 */
export function textForMatching(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/(?<![\w.])[245]\d\d[ -]'?[245]\.\d{1,3}\.\d{1,3}(?![\w.])/g, ' ')
    .replace(/(?<![\w.])[245]\d\d-(?=\S)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}
