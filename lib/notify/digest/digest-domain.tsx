import { VERDICT_LABELS } from '@/lib/sources';
import { formatCount, formatRate } from '@/lib/notify/format';
import { A, Button, Code, DataTable, Figures, H2, H3, Muted, P, Rule, Tone } from '@/lib/notify/html/parts';
import { Trend } from '@/lib/notify/html/trend';
import { Link } from '@react-email/link';
import { VERDICT_TONES, breakAnywhere, cls, color, font } from '@/lib/notify/html/theme';
import { absoluteUrl, domainPath } from '@/lib/notify/links';
import { domainFigures, verdictRows } from './digest-figures';
import type { TDigest, TDomainDigest } from './digest-schema';
import * as say from './digest-sentences';

// One domain of a digest: figures, verdicts, what to fix, what is new, spoofing, policy.

type TProps = { digest: TDigest; d: TDomainDigest; baseUrl: string };

function Activity({ d }: { d: TDomainDigest }) {
  const f = domainFigures(d);
  return (
    <>
      <Figures
        items={[
          { label: 'Messages', value: f.messages, note: d.previous ? `week before: ${formatCount(d.previous.messages)}` : 'no earlier week' },
          { label: 'DMARC pass', value: f.passRate, note: `week before: ${f.previousRate}` },
          { label: 'Trend', value: <Trend text={f.trend} direction={f.direction} />, note: 'pass rate, points' },
        ]}
      />
      <P muted>{say.reportsSentence(d)}</P>
      <H3>Sources by verdict</H3>
      <DataTable
        head={[{ content: 'Verdict' }, { content: 'Sources', align: 'right' }, { content: 'Messages', align: 'right' }, { content: 'Share', align: 'right' }]}
        rows={verdictRows(d).map((r) => [
          {
            content: (
              <>
                <Tone tone={VERDICT_TONES[r.verdict]}>●</Tone> {r.label}
              </>
            ),
          },
          { content: r.sources, align: 'right' },
          { content: r.messages, align: 'right' },
          { content: r.share, align: 'right' },
        ])}
      />
    </>
  );
}

function Failing({ d, baseUrl }: { d: TDomainDigest; baseUrl: string }) {
  if (!d.worstFailing.length) return null;
  return (
    <>
      <H3>Worst failing sources</H3>
      {d.worstFailing.map((s, i) => (
        <div key={i} style={{ margin: '0 0 14px', paddingLeft: '10px', borderLeft: `3px solid ${s.verdict === 'unknown' ? color.warn : color.fail}` }}>
          <P style={{ margin: '0 0 2px' }}>
            <strong>
              {i + 1}. {s.path ? <A href={absoluteUrl(baseUrl, s.path)}>{s.label}</A> : s.label}
            </strong>
            {s.detail ? <Muted> · {s.detail}</Muted> : null}
          </P>
          <P muted style={{ margin: '0 0 4px' }}>
            {say.sourceFacts(s)}
          </P>
          {s.advice.length ? (
            <ul style={{ margin: '0 0 0 18px', padding: 0 }}>
              {s.advice.map((item, j) => (
                <li key={j} className="atlas-text" style={{ fontFamily: font, fontSize: '13px', lineHeight: '19px', color: color.text, margin: '0 0 4px', ...breakAnywhere }}>
                  {item}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </>
  );
}

function NewSources({ d }: { d: TDomainDigest }) {
  if (d.newSources.total === 0) return null;
  const rest = d.newSources.total - d.newSources.top.length;
  return (
    <>
      <H3>New sources this week: {formatCount(d.newSources.total)}</H3>
      <DataTable
        head={[{ content: 'Source' }, { content: 'Verdict', optional: true }, { content: 'Messages', align: 'right' }, { content: 'Pass', align: 'right' }]}
        rows={d.newSources.top.map((s) => [
          { content: <>{s.label}{s.detail ? <Muted> · {s.detail}</Muted> : null}</> },
          { content: <Tone tone={VERDICT_TONES[s.verdict]}>{VERDICT_LABELS[s.verdict]}</Tone>, optional: true },
          { content: formatCount(s.messages), align: 'right' },
          { content: formatRate(s.dmarcPass, s.messages), align: 'right' },
        ])}
      />
      {rest > 0 ? <P muted>… and {formatCount(rest)} more.</P> : null}
    </>
  );
}

function Policy({ d }: { d: TDomainDigest }) {
  const step = say.enforcementSentence(d);
  return (
    <>
      <H3>Policy</H3>
      <P>{say.policySentence(d)}</P>
      {d.policy.record ? <Code>{d.policy.record}</Code> : null}
      {step && d.enforcement ? (
        <>
          <P>{step}</P>
          {d.enforcement.gates.map((g, i) => (
            <P key={i} style={{ margin: '0 0 4px' }}>
              {g.holds ? <Tone tone="pass">✓</Tone> : <Tone tone="fail">✗</Tone>} {g.label}
              {g.detail ? <Muted>: {g.detail}</Muted> : null}
            </P>
          ))}
          {d.enforcement.next ? (
            <>
              <P muted style={{ margin: '12px 0 4px' }}>
                Record for the next stage:
              </P>
              <Code>{d.enforcement.next.record}</Code>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function DigestDomain({ digest, d, baseUrl }: TProps) {
  const url = absoluteUrl(baseUrl, d.path ?? domainPath(d.domain));
  return (
    <>
      <Rule />
      <H2>
        <Link href={url} className={cls.text} style={{ color: color.text, textDecoration: 'none', ...breakAnywhere }}>
          {d.domain}
        </Link>
      </H2>
      {d.messages === 0 ? (
        <P>{say.quietDomainSentence(d, digest.user.timeZone)}</P>
      ) : (
        <>
          <Activity d={d} />
          <Failing d={d} baseUrl={baseUrl} />
          <NewSources d={d} />
          <H3>Spoofing</H3>
          <P>{say.spoofingSentence(d)}</P>
        </>
      )}
      <Policy d={d} />
      <Button href={url}>Open {d.domain}</Button>
    </>
  );
}
