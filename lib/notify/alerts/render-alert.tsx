import { render } from '@react-email/render';
import { z } from 'zod';
import { ZBaseUrl, absoluteUrl } from '@/lib/notify/links';
import type { TRenderedMail } from '@/lib/notify/digest/render-digest';
import { definitionList, paragraph } from '@/lib/notify/text/text-table';
import { AlertEmail } from './alert-email';
import { ZAlert, type TAlertInput } from './alert-schema';
import { describeAlert, formatUtc } from './describe-alert';

const ZAlertRenderOptions = z.object({
  baseUrl: ZBaseUrl,
  /** The alert settings page (relative); the footer links to it. */
  settingsPath: z.string().startsWith('/').default('/settings'),
  unsubscribeUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
});

const SUBJECT_TAG = { info: '', warning: '', critical: 'CRITICAL: ' } as const;

/** An alert as a mail: subject, HTML and plain text. The input is parsed (zod) here. */
export async function renderAlert(input: TAlertInput, options: z.input<typeof ZAlertRenderOptions>): Promise<TRenderedMail> {
  const alert = ZAlert.parse(input);
  const { baseUrl, settingsPath, unsubscribeUrl } = ZAlertRenderOptions.parse(options);
  const d = describeAlert(alert);
  const url = absoluteUrl(baseUrl, d.path);
  const settingsUrl = absoluteUrl(baseUrl, settingsPath);
  const occurredAt = formatUtc(alert.occurredAt);
  const html = await render(<AlertEmail alert={d} url={url} occurredAt={occurredAt} settingsUrl={settingsUrl} unsubscribeUrl={unsubscribeUrl} />);
  const text = [
    `DMARC Atlas · alert · ${d.severity} · ${occurredAt}`,
    '',
    ...paragraph(d.title, 76),
    '',
    ...paragraph(d.summary, 76),
    '',
    ...(d.facts.length ? [...definitionList(d.facts, 76), ''] : []),
    `Open in DMARC Atlas: ${url}`,
    '',
    '-- ',
    `Alert settings: ${settingsUrl}`,
    ...(unsubscribeUrl ? [`Unsubscribe from alert e-mails: ${unsubscribeUrl}`] : []),
  ].join('\n');
  return { subject: `${SUBJECT_TAG[d.severity]}${d.title}`, html, text: `${text}\n` };
}
