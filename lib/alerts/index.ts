// Alerts: per-organisation rules (lib/queries reads them), their evaluation over the rollups
// and stored events, one event per occurrence with a cooldown per condition, deliveries by
// e-mail and signed webhook as retried jobs. Rendering and signing are lib/notify's.
export { ALERT_JOBS, alertDeliverJob, alertEvaluateJob } from './jobs';
export { evaluateAlerts, type TAlertRun } from './evaluate-alerts';
export { deliverAlert, alertId, type TDeliveryOutcome } from './deliver-alert';
export { ALERT_DELIVER_QUEUE } from './queue-deliveries';
export { createAlertRule, deleteAlertRule, updateAlertRule, ZRuleInput, type TRuleInput } from './manage-rules';
export { createWebhook, deleteWebhook, ZWebhookInput } from './manage-webhooks';
export { KIND_LABELS, RULE_DEFAULTS, RULE_FIELDS, RULE_PARAMS, describeParams, ruleParams, ZAlertKind, type TRuleField, type TRuleParams } from './rule-params';
