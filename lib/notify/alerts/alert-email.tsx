import { EmailLayout } from '@/lib/notify/html/email-layout';
import { A, Button, Code, DataTable, H2, P, Tone } from '@/lib/notify/html/parts';
import type { TTone } from '@/lib/notify/html/theme';
import type { TAlertDescription } from './describe-alert';

const SEVERITY_TONE: Record<TAlertDescription['severity'], TTone> = { info: 'info', warning: 'warn', critical: 'fail' };
const SEVERITY_LABEL: Record<TAlertDescription['severity'], string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

export interface TAlertEmailProps {
  alert: TAlertDescription;
  url: string;
  occurredAt: string;
  settingsUrl: string;
  unsubscribeUrl: string | null;
}

/** DNS records read better in a code box than in a table cell. */
const RECORD_FACTS = new Set(['Before', 'After']);

export function AlertEmail({ alert, url, occurredAt, settingsUrl, unsubscribeUrl }: TAlertEmailProps) {
  const recordFacts = alert.kind === 'dns_record_changed' ? alert.facts.filter((f) => RECORD_FACTS.has(f.label)) : [];
  const tableFacts = alert.facts.filter((f) => !recordFacts.includes(f));
  const footer = (
    <P muted>
      You receive this alert because of the alert rules of your organisation. <A href={settingsUrl}>Alert settings</A>
      {unsubscribeUrl ? (
        <>
          {' · '}
          <A href={unsubscribeUrl}>Unsubscribe from alert e-mails</A>
        </>
      ) : null}
    </P>
  );
  return (
    <EmailLayout title={alert.title} preheader={alert.summary} kicker={`Alert · ${occurredAt}`} footer={footer}>
      <P style={{ margin: '0 0 4px', fontSize: '12px', fontWeight: 700, letterSpacing: '0.04em', textTransform: 'uppercase' }}>
        <Tone tone={SEVERITY_TONE[alert.severity]}>{SEVERITY_LABEL[alert.severity]}</Tone>
      </P>
      <H2>{alert.title}</H2>
      <P>{alert.summary}</P>
      {tableFacts.length ? <DataTable rows={tableFacts.map((f) => [{ content: f.label }, { content: f.value }])} /> : null}
      {recordFacts.map((f) => (
        <div key={f.label}>
          <P muted style={{ margin: '0 0 4px' }}>
            {f.label}
          </P>
          <Code>{f.value}</Code>
        </div>
      ))}
      <Button href={url}>Open in DMARC Atlas</Button>
    </EmailLayout>
  );
}
