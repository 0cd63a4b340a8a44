import { z } from 'zod';

// The staged path to p=reject (docs/enforcement.md). Each stage is a DMARC policy that RFC 7489
// receivers (pct) and DMARCbis receivers (t=y) both read the intended way.

export const STAGES = ['monitoring', 'quarantine_testing', 'quarantine', 'reject_testing', 'reject', 'subdomains'] as const;
export const ZStage = z.enum(STAGES);
export type TStage = z.infer<typeof ZStage>;
/** Where a domain is: a stage, or no usable DMARC record at all. */
export type TCurrentStage = TStage | 'unpublished';

export type TPolicy = 'none' | 'quarantine' | 'reject';

export interface TStageInfo {
  id: TStage;
  label: string;
  /** The policy for the domain's own mail. */
  p: TPolicy;
  /** pct below 100 and t=y. */
  testing: boolean;
  /** What changes for mail at this stage, in plain words ({pct} is the testing share). */
  explanation: string;
}

export const STAGE_INFO: Record<TStage, TStageInfo> = {
  monitoring: {
    id: 'monitoring',
    label: 'Monitoring (p=none)',
    p: 'none',
    testing: false,
    explanation:
      'Receivers deliver mail exactly as before and send you aggregate reports. Nothing changes for mail: you learn who sends as the domain and whether it passes DMARC. Spoofed mail is still delivered.',
  },
  quarantine_testing: {
    id: 'quarantine_testing',
    label: 'Quarantine, testing ({pct} %)',
    p: 'quarantine',
    testing: true,
    explanation:
      'RFC 7489 receivers send {pct} % of the mail that fails DMARC to spam and deliver the rest as before; DMARCbis receivers read t=y and keep delivering it normally. Legitimate mail that still fails lands in spam for some recipients: watch the reports for sources you missed.',
  },
  quarantine: {
    id: 'quarantine',
    label: 'Quarantine (p=quarantine)',
    p: 'quarantine',
    testing: false,
    explanation:
      'Every message that fails DMARC goes to the spam folder (or is held by the receiver). Spoofed mail stops reaching inboxes; legitimate mail that still fails does too, so fix failing sources first.',
  },
  reject_testing: {
    id: 'reject_testing',
    label: 'Reject, testing ({pct} %)',
    p: 'reject',
    testing: true,
    explanation:
      'RFC 7489 receivers refuse {pct} % of the mail that fails DMARC and send the rest to spam; DMARCbis receivers read t=y and send it all to spam. Senders of failing mail start to get bounces (550 5.7.1).',
  },
  reject: {
    id: 'reject',
    label: 'Reject (p=reject)',
    p: 'reject',
    testing: false,
    explanation:
      'Receivers refuse every message that fails DMARC: spoofed mail never arrives, and whoever sent failing mail gets a bounce. Subdomains keep the policy they had (sp) until the next stage.',
  },
  subdomains: {
    id: 'subdomains',
    label: 'Subdomains too (sp, np)',
    p: 'reject',
    testing: false,
    explanation:
      'The same for subdomains: mail from existing subdomains (sp) and from names that do not exist (np, DMARCbis; a favourite of spoofers) that fails DMARC is refused. The domain is fully protected.',
  },
};

export function stageLabel(stage: TCurrentStage, testingPct: number): string {
  return stage === 'unpublished' ? 'No DMARC record' : STAGE_INFO[stage].label.replace('{pct}', String(testingPct));
}

export function stageExplanation(stage: TStage, testingPct: number): string {
  return STAGE_INFO[stage].explanation.replaceAll('{pct}', String(testingPct));
}

/** Position on the path: -1 for no record, 0 for monitoring … 5 for subdomains. */
export function stageIndex(stage: TCurrentStage): number {
  return stage === 'unpublished' ? -1 : STAGES.indexOf(stage);
}

/** The stage after `stage`, or null at the end of the path. */
export function nextStage(stage: TCurrentStage): TStage | null {
  return STAGES[stageIndex(stage) + 1] ?? null;
}

const SHORT: Record<TCurrentStage, string> = {
  unpublished: 'No DMARC record',
  monitoring: 'Monitoring',
  quarantine_testing: 'Quarantine (testing)',
  quarantine: 'Quarantine',
  reject_testing: 'Reject (testing)',
  reject: 'Reject',
  subdomains: 'Subdomains too',
};

/** A stage's name without its figures, for steps, badges and messages. */
export function stageShortLabel(stage: TCurrentStage): string {
  return SHORT[stage];
}
