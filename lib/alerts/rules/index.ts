import type { TAlertKind } from '@/lib/notify';
import { evaluateDnsRecordChanged } from './dns-record-changed';
import { evaluateIngestFailures } from './ingest-failures';
import { evaluateIpBlocklisted } from './ip-blocklisted';
import { evaluateNewSource } from './new-source';
import { evaluateNoReports } from './no-reports';
import { evaluatePassRateBelow, evaluatePassRateDropped } from './pass-rate';
import { evaluateReporterStopped } from './reporter-stopped';
import type { TEvaluation, TRuleContext } from './types';

export const EVALUATORS: Record<TAlertKind, (ctx: TRuleContext) => Promise<TEvaluation>> = {
  new_source: evaluateNewSource,
  pass_rate_below: evaluatePassRateBelow,
  pass_rate_dropped: evaluatePassRateDropped,
  dns_record_changed: evaluateDnsRecordChanged,
  ingest_failures: evaluateIngestFailures,
  no_reports: evaluateNoReports,
  reporter_stopped: evaluateReporterStopped,
  ip_blocklisted: evaluateIpBlocklisted,
};
