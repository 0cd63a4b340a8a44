import { isIP } from 'node:net';
import { isPublicAddress } from '@/lib/platform/net';
import { cleanAddress } from './delivery-status';
import { DIAGNOSE_LIMITS } from './limits';

/** What the returned copy of the original message says about who sent it. */
export interface TOriginalMessage {
  /** The From: address (the domain DMARC is evaluated for). */
  from: string | null;
  /** Return-Path: the envelope sender, when the copy kept it. */
  returnPath: string | null;
  /** Public IPs of the Received: chain, newest hop first. */
  receivedIps: string[];
}

const MAX_RECEIVED = 50;

/** Reads a header section (text/rfc822-headers, the head of a message/rfc822, or a copy quoted in text). */
export function readOriginalHeaders(text: string | null): TOriginalMessage {
  const empty: TOriginalMessage = { from: null, returnPath: null, receivedIps: [] };
  if (!text) return empty;
  const fields = unfoldHeaders(text.slice(0, DIAGNOSE_LIMITS.maxHeaderChars));
  const from = fields.find((f) => f.name === 'from');
  const returnPath = fields.find((f) => f.name === 'return-path');
  const receivedIps: string[] = [];
  for (const f of fields.filter((x) => x.name === 'received').slice(0, MAX_RECEIVED)) {
    for (const ip of bracketedIps(f.value)) if (isPublicAddress(ip) && !receivedIps.includes(ip)) receivedIps.push(ip);
  }
  return { from: firstAddress(from?.value ?? null), returnPath: firstAddress(returnPath?.value ?? null), receivedIps };
}

/** The header section of a quoted message in a plain-text bounce, after the MTA's marker line. */
export function quotedHeaders(text: string): string | null {
  const markers = [
    /^-{2,}[ \t]*This is a copy of the message, including all the headers\.?[ \t]*-*[ \t]*$/im, // Exim
    /^-{2,}[ \t]*Below this line is a copy of the message\.?[ \t]*$/im, // qmail
    /^-{2,}[ \t]*Enclosed is a copy of the message\.?[ \t]*$/im, // qmail (indimail)
    /^[ \t]*-{2,}[ \t]*Unsent message follows[ \t]*-{2,}[ \t]*$/im, // Sendmail
    /^[ \t]*-{2,}[ \t]*Original message follows\.?[ \t]*-*[ \t]*$/im,
    /^Original message follows\.?[ \t]*$/im, // IMail
    /^Message headers follow\.?[ \t]*$/im, // DragonFly
    /^Original message headers:?[ \t]*$/im, // Exchange
  ];
  for (const marker of markers) {
    const m = marker.exec(text);
    if (m) return text.slice(m.index + m[0].length).replace(/^\s*\n/, '');
  }
  return null;
}

/** The notification text without the quoted original message that follows it. */
export function notificationPart(text: string): string {
  const at = text.search(/^(?:-{2,}[ \t]*This is a copy of the message|-{2,}[ \t]*Below this line is a copy of the message|-{2,}[ \t]*Enclosed is a copy of the message|[ \t]*-{2,}[ \t]*Unsent message follows|[ \t]*-{2,}[ \t]*Original message follows|Original message follows\.?[ \t]*$|Message headers follow\.?[ \t]*$|Original message headers:?[ \t]*$|Original Message Headers[ \t]*$)/im);
  return at === -1 ? text : text.slice(0, at);
}

function unfoldHeaders(text: string): Array<{ name: string; value: string }> {
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1];
      if (last.value.length < 4_000) last.value += ` ${line.trim()}`;
      continue;
    }
    const m = /^([!-9;-~]{1,76}):[ \t]*(.*)$/.exec(line);
    if (m) fields.push({ name: m[1].toLowerCase(), value: m[2] });
  }
  return fields;
}

function firstAddress(value: string | null): string | null {
  if (!value) return null;
  const angle = /<([^<>\s]{1,320}@[^<>\s]{1,255})>/.exec(value);
  if (angle) return cleanAddress(angle[1]);
  const bare = /([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])/.exec(value);
  return bare ? bare[1] : null;
}

/** Addresses in brackets or parentheses, where Received: lines put the connecting IP. */
function bracketedIps(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/[[(](?:IPv6:)?([0-9A-Fa-f:.]{3,45})[\])]/gi)) {
    const ip = m[1];
    if (isIP(ip)) out.push(ip);
  }
  return out;
}
