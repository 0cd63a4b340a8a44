import type { TMatchContext } from './match';
import { CODE_RULES, TEXT_RULES, type TRule } from './rules';
import { textForMatching } from './smtp-codes';
import type { TBounceCategory, TSmtpCommand } from './types';

export interface TClassification {
  category: TBounceCategory;
  rule: string | null;
  matched: string | null;
  confidence: 'high' | 'medium' | 'low';
}

export interface TClassifyInput {
  /** Texts in order of authority: the server's reply first, the notification prose last. */
  texts: Array<{ text: string; statedIp: string | null }>;
  status: string | null;
  replyCode: number | null;
  command: TSmtpCommand | null;
}

/** Text rules on each text in turn, then the code rules; "other" when nothing matches. */
export function classify(input: TClassifyInput): TClassification {
  const base = { status: input.status, replyCode: input.replyCode, command: input.command };
  for (const { text, statedIp } of input.texts) {
    const found = firstMatch(TEXT_RULES, { ...base, text: textForMatching(text), statedIp });
    if (found) return found;
  }
  const byCode = firstMatch(CODE_RULES, { ...base, text: '', statedIp: null });
  if (byCode) return byCode;
  return { category: 'other', rule: null, matched: null, confidence: 'low' };
}

function firstMatch(rules: TRule[], ctx: TMatchContext): TClassification | null {
  for (const rule of rules) {
    const matched = rule.match(ctx);
    if (matched !== null) return { category: rule.category, rule: rule.id, matched, confidence: rule.confidence };
  }
  return null;
}
