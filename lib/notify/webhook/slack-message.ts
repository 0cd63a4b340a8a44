import type { TAlertDescription } from '@/lib/notify/alerts/describe-alert';
import { truncate } from '@/lib/notify/text/clean-text';

// A Slack incoming-webhook message (also understood by Mattermost and Rocket.Chat): `text` for
// notifications and clients without blocks, `blocks` for the layout. Slack's limits are
// enforced (header 150 characters, field 2000, at most 10 fields).

/**
 * Slack mrkdwn escaping: with &, < and > escaped, attacker text cannot form links
 * (<https://…|…>) or mentions (<!channel>, <@U…>). Formatting marks (*bold*) stay possible
 * but harmless.
 */
export const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A URL inside <url|label>: `|` and `>` would end it early. */
const slackUrl = (url: string): string => slackEscape(url.replace(/\|/g, '%7C'));

const SEVERITY_MARK = { info: 'ℹ️', warning: '⚠️', critical: '🚨' } as const;

export function buildSlackMessage(d: TAlertDescription, options: { url: string; context: string[] }) {
  const fields = d.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: truncate(`*${slackEscape(f.label)}*\n${slackEscape(f.value)}`, 2000) }));
  return {
    text: truncate(`${SEVERITY_MARK[d.severity]} ${slackEscape(d.title)}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(d.title, 150), emoji: false } },
      { type: 'section', text: { type: 'plain_text', text: truncate(d.summary, 3000), emoji: false } },
      ...(fields.length ? [{ type: 'section', fields }] : []),
      { type: 'section', text: { type: 'mrkdwn', text: `<${slackUrl(options.url)}|Open in DMARC Atlas>` } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: truncate(slackEscape(['DMARC Atlas', d.severity, ...options.context].join(' · ')), 3000) }],
      },
    ],
  };
}
