import { formatMoment, formatWeek } from '@/lib/notify/format';
import { EmailLayout } from '@/lib/notify/html/email-layout';
import { A, H2, P } from '@/lib/notify/html/parts';
import { absoluteUrl } from '@/lib/notify/links';
import { digestPreheader, digestSubject, isQuietWeek } from './digest-figures';
import { DigestDomain } from './digest-domain';
import { DigestOverview } from './digest-overview';
import type { TDigest } from './digest-schema';
import * as say from './digest-sentences';

export interface TDigestEmailProps {
  digest: TDigest;
  baseUrl: string;
  unsubscribeUrl: string;
}

export function DigestEmail({ digest, baseUrl, unsubscribeUrl }: TDigestEmailProps) {
  const hi = say.greeting(digest);
  const footer = (
    <>
      <P muted>{say.footerSentence(digest)} Generated {formatMoment(digest.generatedAt, digest.user.timeZone)}.</P>
      <P muted>
        <A href={absoluteUrl(baseUrl, digest.links.dashboard)}>Dashboard</A> · <A href={absoluteUrl(baseUrl, digest.links.settings)}>Notification settings</A> ·{' '}
        <A href={unsubscribeUrl}>Unsubscribe from this digest</A>
      </P>
    </>
  );
  return (
    <EmailLayout title={digestSubject(digest)} preheader={digestPreheader(digest)} kicker={`Weekly digest · ${formatWeek(digest.week)} (UTC) · ${digest.scope}`} footer={footer}>
      <H2>Your DMARC week</H2>
      {hi ? <P>{hi}</P> : null}
      {isQuietWeek(digest) ? <P>{say.quietWeekSentence(digest)}</P> : null}
      {digest.domains.length > 1 ? <DigestOverview digest={digest} baseUrl={baseUrl} /> : null}
      {digest.domains.map((d) => (
        <DigestDomain key={d.domain} digest={digest} d={d} baseUrl={baseUrl} />
      ))}
    </EmailLayout>
  );
}
