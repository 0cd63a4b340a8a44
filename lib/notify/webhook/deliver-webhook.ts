import { z } from 'zod';
import { APP_VERSION } from '@/lib/platform/env';
import type { TWebhookPayload } from './build-webhook';
import { SIGNATURE_HEADER, signWebhook } from './signature';

// One delivery attempt of a webhook. Retries belong to the job runner (pg-boss, with backoff):
// a failure throws WebhookDeliveryError saying whether retrying can help.

const ZWebhookUrl = z.url({ protocol: /^https?$/ });

export class WebhookDeliveryError extends Error {
  readonly code = 'webhook_delivery';
  constructor(
    message: string,
    /** HTTP status of the receiver's answer; null when none came (timeout, network). */
    readonly status: number | null,
    /** Whether a later attempt may succeed (timeouts, network errors, 408, 429, 5xx). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

export interface TDeliverOptions {
  timeoutMs?: number;
  /** Signing time; now by default. */
  now?: Date;
}

/** Only the origin: webhook URLs often carry their secret in the path (Slack's do). */
const where = (url: URL): string => url.origin;

const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** POST the payload, signed with `secret`; resolves with the status of a 2xx answer. */
export async function deliverWebhook(url: string, payload: TWebhookPayload, secret: string, options: TDeliverOptions = {}): Promise<{ status: number }> {
  const target = new URL(ZWebhookUrl.parse(url));
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      body: payload.body,
      headers: {
        'Content-Type': payload.contentType,
        'User-Agent': `DMARC-Atlas/${APP_VERSION} (webhook)`,
        [SIGNATURE_HEADER]: signWebhook(payload.body, secret, timestamp),
        'Atlas-Event': payload.kind,
        'Atlas-Delivery': payload.id,
      },
      // A redirect could lead the signed request to another host; receivers must answer directly.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new WebhookDeliveryError(timedOut ? `Webhook to ${where(target)} timed out after ${options.timeoutMs ?? 10_000} ms` : `Webhook to ${where(target)} failed: ${cause}`, null, true);
  }
  // The answer's body is of no use; drop it without reading an unbounded stream.
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return { status: response.status };
  if (response.status >= 300 && response.status < 400) throw new WebhookDeliveryError(`Webhook to ${where(target)} answered with a redirect (${response.status}); redirects are not followed`, response.status, false);
  throw new WebhookDeliveryError(`Webhook to ${where(target)} answered ${response.status}`, response.status, retryableStatus(response.status));
}
