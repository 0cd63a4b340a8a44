import { DIAGNOSE_LIMITS } from './limits';

/** One per-recipient group of a delivery-status report (RFC 3464 §2.3), values without their type. */
export interface TDsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string | null;
  status: string | null;
  remoteMta: string | null;
  diagnosticCode: string | null;
}

export interface TDeliveryStatus {
  reportingMta: string | null;
  /** X-Postfix-Sender and friends: the envelope sender, when the reporting MTA names it. */
  envelopeSender: string | null;
  recipients: TDsnRecipient[];
}

const RECIPIENT_FIELDS: Record<string, keyof TDsnRecipient> = {
  'final-recipient': 'finalRecipient',
  'original-recipient': 'originalRecipient',
  action: 'action',
  status: 'status',
  'remote-mta': 'remoteMta',
  'diagnostic-code': 'diagnosticCode',
};

const SENDER_FIELDS = new Set(['x-postfix-sender', 'x-original-sender', 'x-sender']);

/** A field line: a name of printable characters without spaces, a colon, the value. */
const FIELD_LINE = /^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]*(.*)$/;
/** "rfc822; addr", "dns; host", "smtp; 550 …": the type before the semicolon is dropped. */
const TYPED_VALUE = /^[A-Za-z0-9-]{1,20}[ \t]*;[ \t]*/;

/**
 * Reads the fields of a message/delivery-status body, or of the same fields pasted as text.
 * Written by hand: mailparser hands the part over as text, and no maintained npm package reads
 * RFC 3464 fields (the few that try are abandoned ports of PHP bounce handlers).
 */
export function parseDeliveryStatus(text: string): TDeliveryStatus | null {
  const result: TDeliveryStatus = { reportingMta: null, envelopeSender: null, recipients: [] };
  let current: TDsnRecipient | null = null;
  let lastField: { name: string; target: TDsnRecipient | null } | null = null;
  let sawField = false;

  const lines = text.slice(0, DIAGNOSE_LIMITS.maxTextChars).split(/\r?\n/);
  for (const line of lines) {
    if (line.trim() === '') {
      // A blank line ends a group: the next field opens a new recipient.
      current = null;
      lastField = null;
      continue;
    }
    if (/^[ \t]/.test(line) && lastField) {
      appendContinuation(result, lastField, line.trim());
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (!match) {
      lastField = null;
      continue;
    }
    const name = match[1].toLowerCase();
    const value = match[2].trim();
    const key = RECIPIENT_FIELDS[name];
    if (key) {
      sawField = true;
      if (!current || current[key] !== null) {
        if (result.recipients.length >= DIAGNOSE_LIMITS.maxDsnRecipients) break;
        current = emptyRecipient();
        result.recipients.push(current);
      }
      current[key] = value;
      lastField = { name, target: current };
    } else if (name === 'reporting-mta') {
      sawField = true;
      result.reportingMta = value;
      lastField = { name, target: null };
    } else if (SENDER_FIELDS.has(name)) {
      result.envelopeSender = value;
      lastField = { name, target: null };
    } else {
      lastField = null;
    }
  }
  if (!sawField) return null;
  for (const r of result.recipients) {
    for (const k of Object.values(RECIPIENT_FIELDS)) r[k] = cleanValue(r[k]);
  }
  result.reportingMta = cleanValue(result.reportingMta);
  result.envelopeSender = cleanAddress(cleanValue(result.envelopeSender));
  return result;
}

function appendContinuation(dsn: TDeliveryStatus, field: { name: string; target: TDsnRecipient | null }, more: string): void {
  const key = RECIPIENT_FIELDS[field.name];
  if (key && field.target) {
    const before = field.target[key] ?? '';
    if (before.length < DIAGNOSE_LIMITS.maxDiagnosticChars) field.target[key] = `${before} ${more}`;
  } else if (field.name === 'reporting-mta') dsn.reportingMta = `${dsn.reportingMta ?? ''} ${more}`;
}

function emptyRecipient(): TDsnRecipient {
  return { finalRecipient: null, originalRecipient: null, action: null, status: null, remoteMta: null, diagnosticCode: null };
}

function cleanValue(value: string | null): string | null {
  if (value === null) return null;
  const v = value.replace(TYPED_VALUE, '').replace(/\s+/g, ' ').trim().slice(0, DIAGNOSE_LIMITS.maxDiagnosticChars);
  return v === '' ? null : v;
}

/** `<a@b>` → `a@b`; anything that is not one address is left as written. */
export function cleanAddress(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^<(.*)>$/, '$1').trim();
  return v === '' ? null : v;
}

/** `dns; [192.0.2.1]`, `mx.example.com.` → `192.0.2.1`, `mx.example.com`. */
export function cleanHost(value: string | null): string | null {
  if (!value) return null;
  const first = value.trim().split(/\s+/)[0] ?? '';
  const v = first.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return v === '' ? null : v;
}

/** The group that reports the failure: the first with Action: failed, else the first one. */
export function failedRecipient(dsn: TDeliveryStatus): TDsnRecipient | null {
  return dsn.recipients.find((r) => r.action?.toLowerCase().startsWith('failed')) ?? dsn.recipients[0] ?? null;
}
