// Weekly digests: per-user settings, the figures of each user's domains (lib/queries), the
// schedule (pg-boss jobs), one claim per user and week, preview and unsubscribe. Rendering and
// SMTP are lib/notify's.
export { buildUserDigest, type TUserDigest } from './build-user-digest';
export { NEW_SOURCE_LOOKBACK_DAYS } from './build-domain-digest';
export { digestWeek } from './digest-week';
export { dueDigestSlot, latestDigestSlot, nextDigestSlot, CATCH_UP_MS } from './digest-slot';
export { DIGEST_JOBS, digestScheduleJob, digestSendJob } from './jobs';
export { previewDigest, type TDigestPreview } from './preview-digest';
export { scheduleDueDigests, DIGEST_SEND_QUEUE } from './schedule-digests';
export { sendUserDigest, type TDigestSendResult } from './send-user-digest';
export { saveNotificationSetting, ZNotificationSettingInput, ZTimeZoneName, type TNotificationSettingInput } from './save-notification-setting';
export { applyUnsubscribe, describeUnsubscribe } from './unsubscribe';
export { localParts, zonedToUtc } from './zoned-time';
