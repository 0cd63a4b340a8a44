/**
 * The matchers the rule table is written with. They search lower-cased, space-normalised text
 * with indexOf only: attacker-written replies can never make them backtrack.
 */
import type { TSmtpCommand } from './types';

/** What a rule looks at: one text (normalised by textForMatching) and the codes of the reply. */
export interface TMatchContext {
  text: string;
  status: string | null;
  replyCode: number | null;
  command: TSmtpCommand | null;
  /** The sending IP the same reply names, if any. */
  statedIp: string | null;
}

/** Returns what matched (for the evidence), or null. */
export type TMatcher = (ctx: TMatchContext) => string | null;

/** Any of the phrases, anywhere. */
export function phrase(...needles: string[]): TMatcher {
  return (ctx) => needles.find((n) => ctx.text.includes(n)) ?? null;
}

/** Any of the words, with no letter or digit right before or after (so "rbl" is not "verbl"). */
export function word(...needles: string[]): TMatcher {
  return (ctx) => needles.find((n) => hasWord(ctx.text, n)) ?? null;
}

/** The phrases in this order, each after the previous one ("reverse dns lookup for host … failed"). */
export function inOrder(...parts: string[]): TMatcher {
  return (ctx) => {
    let from = 0;
    for (const part of parts) {
      const at = ctx.text.indexOf(part, from);
      if (at === -1) return null;
      from = at + part.length;
    }
    return parts.join(' … ');
  };
}

/** The enhanced status code is one of these ("5.7.509") or in a range ("5.7.606-649"). */
export function status(...codes: string[]): TMatcher {
  return (ctx) => {
    if (!ctx.status) return null;
    for (const code of codes) {
      const range = /^(\d\.\d{1,3}\.)(\d{1,3})-(\d{1,3})$/.exec(code);
      if (range) {
        if (!ctx.status.startsWith(range[1])) continue;
        const detail = Number(ctx.status.slice(range[1].length));
        if (detail >= Number(range[2]) && detail <= Number(range[3])) return ctx.status;
      } else if (ctx.status === code) return code;
    }
    return null;
  };
}

export function replyCode(...codes: number[]): TMatcher {
  return (ctx) => (ctx.replyCode !== null && codes.includes(ctx.replyCode) ? String(ctx.replyCode) : null);
}

/** Every matcher matches; the evidence is the most specific (the last). */
export function both(...matchers: TMatcher[]): TMatcher {
  return (ctx) => {
    let last: string | null = null;
    for (const m of matchers) {
      last = m(ctx);
      if (last === null) return null;
    }
    return last;
  };
}

/** The reply names the connecting IP address. */
export const namesAnIp: TMatcher = (ctx) => ctx.statedIp;

function hasWord(text: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at === -1) return false;
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + needle.length);
    if (!isAlnum(before) && !isAlnum(after)) return true;
    from = at + 1;
  }
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}
