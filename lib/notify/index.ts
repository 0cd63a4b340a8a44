// Notifications: the weekly digest and alerts, rendered (HTML + text), mailed over
// ATLAS_SMTP_URL, or posted to webhooks (JSON or Slack), signed. Scheduling, the queries that
// fill a digest and the settings pages live elsewhere. docs/notifications.md describes the
// formats for receivers.

export { ZDigest, ZDomainDigest, type TDigest, type TDigestInput, type TDomainDigest, type TDigestSource, type TFailingSource, type TEnforcement } from './digest/digest-schema';
export { renderDigest, type TRenderedMail } from './digest/render-digest';
export { digestSubject, isQuietWeek } from './digest/digest-figures';
export { ZAlert, ALERT_KINDS, type TAlert, type TAlertInput, type TAlertKind, type TSeverity } from './alerts/alert-schema';
export { renderAlert } from './alerts/render-alert';
export { describeAlert, type TAlertDescription } from './alerts/describe-alert';
export { buildWebhook, WEBHOOK_SCHEMA, type TWebhookPayload } from './webhook/build-webhook';
export { deliverWebhook, WebhookDeliveryError } from './webhook/deliver-webhook';
export { verifyWebhookSignature, signWebhook, generateWebhookSecret, SIGNATURE_HEADER, type TVerifyResult } from './webhook/signature';
export { createUnsubscribeToken, verifyUnsubscribeToken, redactToken, UNSUBSCRIBE_SETTINGS, type TUnsubscribeSetting } from './unsubscribe/unsubscribe-token';
export { unsubscribeUrl, listUnsubscribeHeaders, UNSUBSCRIBE_PATH } from './unsubscribe/unsubscribe-link';
export { sendDigest, type TSendOptions } from './send-digest';
export { sendAlertMail } from './send-alert-mail';
