export { loadLimits } from './limits';
export { parseReportStreaming } from './parse/parse-stream';
export { parseReportFast } from './parse/parse';
export { stringifyWithBigInt } from './parse/summary';
export { ingestBuffer, ingestFile, type IngestOutcome, type IngestReportOutcome } from './pipeline';
export { reprocessAll, reprocessFailed } from './reprocess';
export { attachSetAsideReports } from './store/attach-domain';
export { RECORD_COLUMNS } from './store/record-row';
export { expireSetAsideReports, setAsideExpiryJob, setAsideMaxAgeDays } from './retention/expire-set-aside';
