import { cleanAddress, cleanHost } from './delivery-status';
import { DIAGNOSE_LIMITS } from './limits';
import { smtpCommandOf } from './smtp-command';
import type { TSmtpCommand } from './types';

/** What the human-readable part of a bounce says about the failed delivery. */
export interface TTextReply {
  /** The rejecting server's reply, on one line. */
  reply: string | null;
  /** The rejecting server as the text names it (host name, or a bare IP), and its address. */
  host: string | null;
  hostIp: string | null;
  recipient: string | null;
  command: TSmtpCommand | null;
}

const EMPTY: TTextReply = { reply: null, host: null, hostIp: null, recipient: null, command: null };
const MAX_PARAGRAPHS = 400;

interface TParagraph {
  lines: string[];
  /** The lines joined with single spaces. */
  text: string;
}

/**
 * Reads the notification text of the common MTAs. Each reader knows one MTA's sentence around
 * the server's reply; the first that finds a reply wins, and a generic reader looks for any
 * line that starts like an SMTP reply. Works line by line on bounded text (no regex spans lines).
 */
export function readTextReply(text: string): TTextReply {
  const paragraphs = splitParagraphs(text.slice(0, DIAGNOSE_LIMITS.maxTextChars));
  for (const reader of READERS) {
    const found = reader(paragraphs);
    if (found) return { ...EMPTY, ...found, reply: clip(found.reply ?? null) };
  }
  return { ...EMPTY, recipient: firstListedRecipient(paragraphs) };
}

type TReader = (paragraphs: TParagraph[]) => Partial<TTextReply> | null;

/** Postfix: "<rcpt>: host mx.example.com[192.0.2.1] said: 550 … (in reply to RCPT TO command)". */
const postfix: TReader = (paragraphs) => {
  for (const p of paragraphs) {
    const m = /^<([^<>\s]{1,320})>(?: \(expanded from <[^<>\s]{1,320}>\))?: host (\S{1,255}?)\[([^\]\s]{1,60})\] (?:said|refused to talk to me): /.exec(p.text);
    if (!m) continue;
    let reply = p.text.slice(m[0].length);
    let command: TSmtpCommand | null = null;
    const tail = reply.lastIndexOf('(in reply to ');
    if (tail !== -1) {
      command = smtpCommandOf(reply.slice(tail + 13));
      reply = reply.slice(0, tail).trim();
    }
    return { recipient: m[1], host: m[2], hostIp: m[3], reply, command };
  }
  return null;
};

/**
 * Exim: "addr\n host mx.example.com [192.0.2.1]\n SMTP error from remote mail server after
 * RCPT TO:<addr>:\n 550 …" (the host line may also come after the "SMTP error" line).
 */
const exim: TReader = (paragraphs) => {
  const marker = 'smtp error from remote mail server after ';
  for (const p of paragraphs) {
    const lower = p.text.toLowerCase();
    const at = lower.indexOf(marker);
    if (at === -1) continue;
    const afterMarker = at + marker.length;
    const phaseEnd = lower.indexOf(': ', afterMarker);
    if (phaseEnd === -1) continue;
    const command = smtpCommandOf(p.text.slice(afterMarker, phaseEnd));
    const hostMatch = /(?:^|\s)host ([^\s[\]]{1,255}) \[([^\]\s]{1,60})\]:?/.exec(p.text);
    let start = phaseEnd + 2;
    if (hostMatch && hostMatch.index + hostMatch[0].length > start) start = hostMatch.index + hostMatch[0].length;
    const reply = p.text.slice(start).trim();
    const recipient = /^\s*<?([^\s@<>]{1,64}@[^\s@<>]{1,255})>?(?:\s|$)/.exec(p.lines[0] ?? '')?.[1] ?? null;
    return { reply, host: hostMatch?.[1] ?? null, hostIp: hostMatch?.[2] ?? null, recipient, command };
  }
  return null;
};

/**
 * Sendmail: "... while talking to mx.example.com.:\n>>> RCPT To:<addr>\n<<< 550 5.1.1 …".
 * The reply is the run of "<<<" lines after the last ">>>" command.
 */
const sendmail: TReader = (paragraphs) => {
  for (const p of paragraphs) {
    // Courier writes the same transcript after "<rcpt>:\n    mx.example.com [192.0.2.1]:".
    let idx = p.lines.findIndex((l) => /while talking to /i.test(l));
    if (idx === -1) idx = p.lines.findIndex((l) => l.startsWith('>>> ')) - 1;
    if (idx < 0) continue;
    const courier = /^\s*([^\s[\]]{1,255}) \[([^\]\s]{1,60})\]:\s*$/.exec(p.lines[idx]);
    const host = courier?.[1] ?? /while talking to ([^\s:]{1,255}?)\.?:/i.exec(p.lines[idx])?.[1] ?? null;
    let command: TSmtpCommand | null = null;
    const reply: string[] = [];
    for (const line of p.lines.slice(idx + 1)) {
      const t = line.trim();
      if (t.startsWith('>>>')) {
        if (reply.length > 0) break;
        command = smtpCommandOf(t.slice(3).trim());
      } else if (t.startsWith('<<<')) reply.push(t.slice(3).trim());
      else if (reply.length > 0) break;
    }
    if (reply.length === 0) continue;
    const courierRecipient = courier ? /^<([^<>\s]{1,320})>:/.exec(p.text)?.[1] : undefined;
    return { reply: reply.join(' '), host, hostIp: courier?.[2] ?? null, command, recipient: courierRecipient ?? sendmailRecipient(paragraphs) };
  }
  return null;
};

/** qmail: "<addr>:\n192.0.2.1 failed after I sent the message.\nRemote host said: 550 …". */
const qmail: TReader = (paragraphs) => {
  for (const p of paragraphs) {
    const said = p.text.indexOf('Remote host said: ');
    if (said === -1) continue;
    const before = p.text.slice(0, said);
    const host = /(\S{1,255}) (?:failed after I sent the message|does not like recipient|does not like sender)/.exec(before)?.[1] ?? /Connected to (\S{1,255}) but /.exec(before)?.[1] ?? null;
    const recipient = /^<([^<>\s]{1,320})>:/.exec(p.text)?.[1] ?? null;
    const command = /failed after I sent the message/.test(before) ? 'DATA' : /does not like recipient/.test(before) ? 'RCPT' : /like sender/.test(before) ? 'MAIL' : null;
    return { reply: p.text.slice(said + 18).trim(), host, recipient, command };
  }
  return null;
};

/** DragonFly Mail Agent: "mx.example.com [192.0.2.1] did not like our RCPT TO:\n550 …". */
const dragonfly: TReader = (paragraphs) => {
  for (const [i, p] of paragraphs.entries()) {
    const m = /^(\S{1,255}) \[([^\]\s]{1,60})\] did not like our ([^:]{1,40}):(.*)$/.exec(p.text);
    if (!m) continue;
    const recipient = paragraphs.slice(0, i).map((q) => /error delivering your mail to <([^<>\s]{1,320})>/.exec(q.text)?.[1]).find(Boolean) ?? null;
    return { host: m[1], hostIp: m[2], command: smtpCommandOf(m[3]), reply: m[4].trim(), recipient };
  }
  return null;
};

/** Phrases after which the servers' reply is quoted (Exchange, Gmail, Yahoo, generic). */
const REPLY_LEAD_INS = [
  "remote server returned '",
  'reported error: ',
  'the response from the remote server was: ',
  'the response was: ',
  'the error that the other server returned was: ',
  'remote host said: ',
  'diagnostic-code: smtp; ',
  'reason: ',
];

/** Any other text: a quoted reply after a known lead-in, else a line that starts like a reply. */
const generic: TReader = (paragraphs) => {
  for (const p of paragraphs) {
    const lower = p.text.toLowerCase();
    for (const lead of REPLY_LEAD_INS) {
      const at = lower.indexOf(lead);
      if (at === -1) continue;
      const rest = p.text.slice(at + lead.length).replace(/^#/, '');
      if (!/^[245]\d\d[ -]|^[245]\.\d{1,3}\.\d{1,3}\b/.test(rest)) continue;
      return { reply: rest.replace(/'\s*$|##\s*$|\)\s*$/, '').trim(), recipient: firstListedRecipient(paragraphs) };
    }
  }
  for (const p of paragraphs) {
    for (const [i, line] of p.lines.entries()) {
      const t = line.trim().replace(/^#/, '');
      if (!/^[245]\d\d[ -][^\s]/.test(t) && !/^[245]\d\d$/.test(t)) continue;
      // The reply and its continuation lines (those with the same code, or indented).
      const code = t.slice(0, 3);
      const parts = [t];
      for (const next of p.lines.slice(i + 1)) {
        const n = next.trim();
        if (n.startsWith(`${code}-`) || n.startsWith(`${code} `) || /^\s/.test(next)) parts.push(n);
        else break;
      }
      return { reply: parts.join(' ').replace(/##\s*$/, '').trim(), recipient: firstListedRecipient(paragraphs) };
    }
  }
  return null;
};

const READERS: TReader[] = [postfix, exim, sendmail, qmail, dragonfly, generic];

/** Sendmail lists failed addresses under "The following addresses had permanent fatal errors", or as "550 <addr>... reason". */
function sendmailRecipient(paragraphs: TParagraph[]): string | null {
  for (const p of paragraphs) {
    const at = p.lines.findIndex((l) => /addresses had permanent fatal errors/i.test(l));
    if (at !== -1) {
      const addr = /<([^<>\s]{1,320})>/.exec(p.lines[at + 1] ?? '')?.[1];
      if (addr) return addr;
    }
  }
  for (const p of paragraphs) {
    for (const line of p.lines) {
      const m = /^[245]\d\d <([^<>\s]{1,320})>\.\.\. /.exec(line.trim());
      if (m) return m[1];
    }
  }
  return null;
}

/** The first failed address a notification lists, for texts whose reply carries none. */
function firstListedRecipient(paragraphs: TParagraph[]): string | null {
  for (const [i, p] of paragraphs.entries()) {
    const lower = p.text.toLowerCase();
    // Exim, Exchange, Amazon SES, Gmail: a lead-in sentence, then the addresses.
    if (/following address\(es\) failed|delivery has failed to these recipients|deliver the mail to the following recipients|following recipients failed|wasn't delivered to|could not be delivered to|was not delivered to|did not reach the following recipient/.test(lower)) {
      const inSame = addressIn(p.text.slice(p.text.search(/failed|recipient|delivered to/i)));
      if (inSame) return inSame;
      const next = paragraphs[i + 1];
      if (next) {
        const found = addressIn(next.text);
        if (found) return found;
      }
    }
  }
  const sm = sendmailRecipient(paragraphs);
  if (sm) return sm;
  for (const p of paragraphs) {
    const m = /^<([^<>\s]{1,320}@[^<>\s]{1,255})>:/.exec(p.text);
    if (m) return m[1];
  }
  return null;
}

function addressIn(text: string): string | null {
  const m = /(?:mailto:)?<?([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])>?/.exec(text);
  return m ? cleanAddress(m[1]) : null;
}

function splitParagraphs(text: string): TParagraph[] {
  const out: TParagraph[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length > 0 && out.length < MAX_PARAGRAPHS) out.push({ lines, text: lines.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ').trim() });
    lines = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.slice(0, 2_000);
    if (line.trim() === '') flush();
    else lines.push(line);
  }
  flush();
  return out;
}

function clip(text: string | null): string | null {
  if (!text) return null;
  const t = text.replace(/\s+/g, ' ').trim().slice(0, DIAGNOSE_LIMITS.maxDiagnosticChars);
  return t === '' ? null : t;
}

/** The rejecting host as the text names it, without brackets or a trailing dot. */
export function textHost(reply: TTextReply): string | null {
  return cleanHost(reply.host);
}
