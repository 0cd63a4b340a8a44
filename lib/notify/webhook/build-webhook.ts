import { z } from 'zod';
import { ZAlert, type TAlert, type TAlertInput } from '@/lib/notify/alerts/alert-schema';
import { describeAlert, formatUtc, type TAlertDescription } from '@/lib/notify/alerts/describe-alert';
import { ZBaseUrl, absoluteUrl } from '@/lib/notify/links';
import { truncate } from '@/lib/notify/text/clean-text';
import { toWire } from './wire-format';
import { buildSlackMessage } from './slack-message';

// The body of an alert webhook, JSON (our stable schema) or Slack-compatible. Signed and sent
// by deliverWebhook; the schema is documented in docs/notifications.md.

export const WEBHOOK_SCHEMA = 'dmarc-atlas.alert.v1';

export interface TWebhookPayload {
  /** The exact bytes to POST (and to sign). */
  body: string;
  contentType: 'application/json';
  /** The alert's id and kind, sent as headers too. */
  id: string;
  kind: TAlert['kind'];
}

const ZWebhookOptions = z.object({ format: z.enum(['json', 'slack']), baseUrl: ZBaseUrl });

function jsonBody(alert: TAlert, d: TAlertDescription, url: string) {
  const { id, kind, occurredAt, organization, severity: _severity, path: _path, ...data } = alert;
  return {
    schema: WEBHOOK_SCHEMA,
    id,
    kind,
    severity: d.severity,
    occurred_at: occurredAt.toISOString(),
    organization,
    domain: d.domain,
    title: d.title,
    summary: d.summary,
    url,
    facts: d.facts,
    data: toWire(data),
  };
}

export function buildWebhook(input: TAlertInput, options: z.input<typeof ZWebhookOptions>): TWebhookPayload {
  const alert = ZAlert.parse(input);
  const { format, baseUrl } = ZWebhookOptions.parse(options);
  const d = describeAlert(alert);
  const url = absoluteUrl(baseUrl, d.path);
  const message =
    format === 'json'
      ? jsonBody(alert, d, url)
      : buildSlackMessage(d, { url, context: [formatUtc(alert.occurredAt), ...(alert.organization ? [truncate(alert.organization.name, 80)] : [])] });
  return { body: JSON.stringify(message), contentType: 'application/json', id: alert.id, kind: alert.kind };
}
