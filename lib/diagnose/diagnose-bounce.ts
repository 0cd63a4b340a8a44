import { adviceFor } from './advice';
import { classify } from './classify';
import { cleanAddress, cleanHost, failedRecipient, parseDeliveryStatus, type TDsnRecipient } from './delivery-status';
import { DIAGNOSE_LIMITS, DiagnoseError } from './limits';
import { readOriginalHeaders } from './original-message';
import { readBounce } from './read-input';
import { statedSendingIp } from './sending-ip';
import { dsnStatusOf, enhancedStatusOf, replyCodeOf } from './smtp-codes';
import { readTextReply } from './text-reply';
import type { TBounceDiagnosis } from './types';

export interface TDiagnoseOptions {
  /** Overrides DIAGNOSE_LIMITS.maxInputBytes (the CLI and the API pass their configured limit). */
  maxInputBytes?: number;
}

/**
 * Diagnoses one bounce: a whole message (.eml, an mbox entry) or NDR text pasted from a mail
 * client. Reads the RFC 3464 delivery-status part where there is one and the notification text
 * of the common MTAs otherwise, then classifies the rejecting server's own words (rules.ts).
 * Throws DiagnoseError for empty or oversized input; anything else is diagnosed, if only as
 * "other".
 */
export async function diagnoseBounce(input: Buffer | string, options: TDiagnoseOptions = {}): Promise<TBounceDiagnosis> {
  const limit = options.maxInputBytes ?? DIAGNOSE_LIMITS.maxInputBytes;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > limit) {
    throw new DiagnoseError('input.too_large', `The bounce is ${size} bytes; the limit (maxInputBytes) is ${limit} bytes.`);
  }
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (!bytes.some((b) => b > 0x20)) {
    throw new DiagnoseError('input.empty', 'The bounce is empty: paste the NDR text or give the bounce message (.eml).');
  }
  return diagnose(bytes, 0);
}

/** A bounce forwarded as an attachment is read once more, one level deep. */
const MAX_DEPTH = 1;

async function diagnose(bytes: Buffer, depth: number): Promise<TBounceDiagnosis> {
  const parts = await readBounce(bytes);
  const dsn = parts.deliveryStatus ? parseDeliveryStatus(parts.deliveryStatus) : null;
  const rec: TDsnRecipient | null = dsn ? failedRecipient(dsn) : null;
  const said = readTextReply(parts.notification);

  if (!rec?.diagnosticCode && !said.reply && parts.embedded && depth < MAX_DEPTH) {
    return diagnose(parts.embedded, depth + 1);
  }

  const dsnDiagnostic = unwrapProviderPrefix(rec?.diagnosticCode ?? null);
  const diagnostic = dsnDiagnostic ?? said.reply;
  const rejectedBy = cleanHost(rec?.remoteMta ?? null) ?? cleanHost(said.host);
  const exclude = [said.hostIp, rejectedBy];
  const sendingIp = statedSendingIp(diagnostic, exclude) ?? statedSendingIp(said.reply, exclude);
  const status = enhancedStatusOf(diagnostic) ?? dsnStatusOf(rec?.status ?? null) ?? enhancedStatusOf(said.reply);
  const replyCode = replyCodeOf(diagnostic) ?? replyCodeOf(said.reply);
  const original = readOriginalHeaders(parts.originalHeaders);
  const sender = original.from ?? original.returnPath ?? dsn?.envelopeSender ?? null;
  const recipient = cleanAddress(rec?.finalRecipient ?? null) ?? cleanAddress(rec?.originalRecipient ?? null) ?? said.recipient ?? firstOf(parts.failedRecipients);

  // The reply is read before the prose around it; the prose only when no reply was found.
  const texts = [diagnostic, said.reply !== diagnostic ? said.reply : null]
    .filter((t): t is string => !!t)
    .map((text) => ({ text, statedIp: statedSendingIp(text, exclude) }));
  if (texts.length === 0 && parts.notification.trim()) texts.push({ text: parts.notification, statedIp: null });
  const verdict = classify({ texts, status, replyCode, command: said.command });

  const { explanation, fixes } = adviceFor(verdict.category, verdict.rule, {
    sendingIp,
    senderDomain: sender?.split('@')[1]?.toLowerCase() ?? null,
    rejectedBy,
    status,
  });
  return {
    reply_code: replyCode,
    status,
    category: verdict.category,
    rejected_by: rejectedBy,
    sending_ip: sendingIp,
    sender,
    recipient,
    explanation,
    fixes,
    evidence: {
      rule: verdict.rule,
      matched: verdict.matched,
      confidence: verdict.confidence,
      diagnostic,
      source: dsnDiagnostic ? 'delivery-status' : said.reply ? 'text' : 'none',
      smtp_command: said.command,
      reporting_mta: cleanHost(dsn?.reportingMta ?? null),
      dsn_status: rec?.status ?? null,
      action: rec?.action ?? null,
      envelope_sender: original.returnPath ?? dsn?.envelopeSender ?? null,
      received_ips: original.receivedIps,
      input: parts.input,
      domain: null,
      ip_health: null,
      notes: [],
    },
  };
}

/**
 * Amazon SES wraps the remote reply in its own words: "5.1.0 - Unknown address error
 * 550-'5.7.1 … Access denied'". The rules must read the remote server's words, not SES's.
 */
function unwrapProviderPrefix(diagnostic: string | null): string | null {
  if (!diagnostic) return null;
  const m = /^[245]\.\d{1,3}\.\d{1,3} - [^0-9']{1,80}(?=[245]\d\d[ -]'?[245]\.)/.exec(diagnostic);
  return m ? diagnostic.slice(m[0].length) : diagnostic;
}

function firstOf(list: string | null): string | null {
  return cleanAddress(list?.split(',')[0] ?? null);
}
