// The staged path to p=reject (docs/enforcement.md): stages and their records, readiness gates,
// the impact preview, the stage history, and the DNS watch that follows what is published.
export { STAGES, STAGE_INFO, ZStage, nextStage, stageExplanation, stageIndex, stageLabel, stageShortLabel, type TCurrentStage, type TStage } from './stages';
export { classifyPublished, publishedFromCheck, readPublishedPolicy, type TPublishedPolicy } from './published-policy';
export { RUA_PLACEHOLDER, publishedMatches, stageRecord, type TStageRecord } from './stage-record';
export { DEFAULT_ENFORCEMENT_SETTINGS, ZEnforcementSettings, parseReporterPattern, settingsFromRow, type TEnforcementSettings } from './settings';
export { computeGates, formatShare, type TGate, type TGateId } from './gates';
export { computeImpact, type TImpact, type TImpactSource } from './impact';
export { IMPACT_DAYS, evaluateEnforcement, type TEnforcement, type TEnforcementDomain } from './evaluate-enforcement';
export { enforcementJson, type TEnforcementJson } from './enforcement-json';
export { gatesSnapshot, type TGatesSnapshot } from './gates-snapshot';
export { readStoredCheck } from './stored-check';
export { loadDnsCheck } from './load-dns';
export { advanceStage, type TAdvanceActor } from './advance-stage';
export { saveEnforcementSettings } from './save-settings';
export { nextStepSummary, type TNextStepSummary } from './next-step-summary';
export { suggestDmarcRecord, type TDmarcSuggestion } from './suggest-dmarc-record';
export { checkDomainNow, type TWatchedDomain } from './dns-watch/check-domain-now';
export { recordDnsCheck, type TRecordedChange, type TRecordResult } from './dns-watch/record-dns-check';
export { dnsWatchJob, runDnsWatch, type TDnsWatchRun } from './dns-watch/dns-watch-job';
