import Link from 'next/link';
import type { TBounceDiagnosis, TDomainEvidence, TIpHealthEvidence } from '@/lib/diagnose';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { formatInt } from '@/components/ui/format';
import { CATEGORY_LABELS, SENDER_SIDE } from './category-labels';
import styles from './diagnose.module.css';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const FCRDNS_TEXT: Record<TIpHealthEvidence['fcrdns']['status'], { label: string; badge: string }> = {
  pass: { label: 'Forward-confirmed', badge: 'badge badge-pass' },
  mismatch: { label: 'PTR does not resolve back', badge: 'badge badge-fail' },
  fail: { label: 'No PTR record', badge: 'badge badge-fail' },
  error: { label: 'Lookup failed', badge: 'badge badge-muted' },
};

const LISTING_BADGE: Record<TIpHealthEvidence['dnsbl'][number]['status'], { label: string; badge: string }> = {
  listed: { label: 'Listed', badge: 'badge badge-fail' },
  not_listed: { label: 'Not listed', badge: 'badge badge-pass' },
  error: { label: 'No answer', badge: 'badge badge-muted' },
};

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <div key={k} className={styles.fact}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function DomainPanel({ e }: { e: TDomainEvidence }) {
  const sources = `/domains/${encodeURIComponent(e.domain)}/sources?days=30`;
  const s = e.source;
  const a = e.address;
  const spfBadge = e.spf.status === null ? 'badge badge-muted' : e.spf.lookups > e.spf.limit ? 'badge badge-fail' : e.spf.lookups >= 8 ? 'badge badge-warn' : 'badge badge-pass';
  return (
    <Panel
      title={<>From your reports · {e.domain}</>}
      aside={
        <span className="muted">
          {e.window.from} to {e.window.to} (exclusive)
        </span>
      }
      headingId="evidence-domain"
      body
    >
      {s ? (
        <div className={styles.source}>
          <p className={styles.sourceHead}>
            <Link href={`${sources}&source=${encodeURIComponent(s.key)}#addresses`}>{s.label}</Link> <VerdictBadge verdict={s.verdict} />
          </p>
          <div className={styles.rates}>
            <div>
              <span className="muted">Messages</span>
              <strong>{formatInt(s.messages)}</strong>
            </div>
            <div>
              <span className="muted">DMARC pass</span>
              <strong>{pct(s.dmarc_pass_rate)}</strong>
            </div>
            <div>
              <span className="muted">SPF aligned</span>
              <strong>{pct(s.spf_aligned_rate)}</strong>
            </div>
            <div>
              <span className="muted">DKIM aligned</span>
              <strong>{pct(s.dkim_aligned_rate)}</strong>
            </div>
          </div>
          {s.reasons.length > 0 && <p className="muted">{s.reasons.join(' ')}</p>}
        </div>
      ) : (
        <p>
          The sending address is on no source of <Link href={sources}>{e.domain}&apos;s sender map</Link> in this period.
        </p>
      )}
      <Facts
        rows={[
          ['Sending address', a ? `${a.ip}${a.found_by === 'received' ? ' (from the Received headers)' : ''} · ${formatInt(a.messages)} messages, ${pct(a.dmarc_pass_rate)} DMARC pass · SPF pass ${pct(a.spf_pass_rate)}, DKIM pass ${pct(a.dkim_pass_rate)}` : null],
          ['Reverse DNS', a ? (a.ptr ? `${a.ptr}${a.ptr_confirmed ? ' (forward-confirmed)' : ' (not confirmed)'}` : 'none seen') : null],
          ['DKIM signers', s && s.dkim_domains.length ? s.dkim_domains.map((d) => `${d.domain} (${formatInt(d.pass)}/${formatInt(d.messages)} pass)`).join(', ') : null],
          ['SPF domains', s && s.spf_domains.length ? s.spf_domains.map((d) => `${d.domain} (${formatInt(d.pass)}/${formatInt(d.messages)} pass)`).join(', ') : null],
          [
            'DMARC policy',
            e.dmarc ? (
              <>
                <code>
                  p={e.dmarc.p ?? 'none'}
                  {e.dmarc.sp ? `; sp=${e.dmarc.sp}` : ''}
                  {e.dmarc.pct ? `; pct=${e.dmarc.pct}` : ''}
                </code>{' '}
                <span className="muted">as {e.dmarc.reporter} reported it</span>
              </>
            ) : (
              'no report yet'
            ),
          ],
          [
            'SPF',
            <>
              <span className={spfBadge}>{e.spf.status === null ? 'not looked up yet' : `${e.spf.lookups} / ${e.spf.limit} DNS lookups`}</span>
              {e.spf.flatten.length > 0 && <span> flatten {e.spf.flatten.map((i) => `include:${i}`).join(', ')}</span>}
              {e.spf.record && <code className={styles.record}>{e.spf.record}</code>}
            </>,
          ],
          [
            'DKIM selectors',
            e.dkim_selectors.length
              ? e.dkim_selectors.map((k) => (
                  <span key={k.selector} className={`${k.status === 'found' ? 'badge badge-pass' : k.status === 'missing' ? 'badge badge-warn' : 'badge badge-muted'} ${styles.selector}`}>
                    {k.selector}: {k.status}
                  </span>
                ))
              : null,
          ],
        ]}
      />
    </Panel>
  );
}

function IpHealthPanel({ h }: { h: TIpHealthEvidence }) {
  const f = FCRDNS_TEXT[h.fcrdns.status];
  return (
    <Panel
      title={<>Sending IP health · {h.ip}</>}
      aside={
        <span className="muted">
          {h.checked === 'live' ? 'looked up now' : 'checked by the worker'} · {h.checked_at.slice(0, 16).replace('T', ' ')} UTC
        </span>
      }
      headingId="evidence-ip"
      body
    >
      <p>
        Reverse DNS: <span className={f.badge}>{f.label}</span> {h.fcrdns.ptr && <code>{h.fcrdns.ptr}</code>} {h.fcrdns.error && <span className="muted">{h.fcrdns.error}</span>}
      </p>
      {h.dnsbl.length === 0 ? (
        <p className="muted">No blocklists configured (ATLAS_DNSBL_ZONES is empty).</p>
      ) : (
        <PlainTable columns={['Blocklist', 'Status', 'Details']} scroll>
          {h.dnsbl.map((l) => (
            <tr key={l.zone}>
              <td>
                <code>{l.zone}</code>
              </td>
              <td>
                <span className={`${LISTING_BADGE[l.status].badge} badge-nowrap`}>{LISTING_BADGE[l.status].label}</span>
              </td>
              <td className={styles.wrap}>{[l.meanings.join('; '), l.txt, l.error].filter(Boolean).join(' · ') || '—'}</td>
            </tr>
          ))}
        </PlainTable>
      )}
    </Panel>
  );
}

/** A diagnosis as the page shows it: cause, steps, then the evidence (ours, the IP's, the bounce's own). */
export function DiagnosisView({ diagnosis: d }: { diagnosis: TBounceDiagnosis }) {
  const e = d.evidence;
  return (
    <div className={styles.result}>
      <section className="panel" aria-labelledby="diagnosis-heading">
        <div className="panel-head">
          <h2 id="diagnosis-heading" tabIndex={-1}>
            {CATEGORY_LABELS[d.category]}
          </h2>
          <span className={SENDER_SIDE.has(d.category) ? 'badge badge-fail badge-nowrap' : 'badge badge-muted badge-nowrap'} title={`category: ${d.category}`}>
            {[d.reply_code, d.status].filter((x) => x !== null).join(' ') || d.category}
          </span>
        </div>
        <div className="panel-body">
          <p className={styles.explanation}>{d.explanation}</p>
          <Facts
            rows={[
              ['Rejected by', d.rejected_by],
              ['Sending IP', d.sending_ip],
              ['Sender', d.sender],
              ['Recipient', d.recipient],
            ]}
          />
        </div>
      </section>

      <Panel title="What to do" headingId="fixes-heading" body>
        <ol className={styles.fixes}>
          {d.fixes.map((fix) => (
            <li key={fix}>{fix}</li>
          ))}
        </ol>
      </Panel>

      {e.notes.length > 0 && (
        <div className={`notice notice-info ${styles.notes}`} role="note">
          {e.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      {e.ip_health && <IpHealthPanel h={e.ip_health} />}
      {e.domain && <DomainPanel e={e.domain} />}

      <Panel
        title="From the bounce"
        aside={
          <span className="muted">
            {e.input === 'eml' ? 'message' : 'pasted text'} · {e.confidence} confidence
          </span>
        }
        headingId="bounce-heading"
        body
      >
        {e.diagnostic && <pre className={styles.diagnostic}>{e.diagnostic}</pre>}
        <Facts
          rows={[
            ['Matched', e.matched ? `“${e.matched}”${e.rule ? ` (rule ${e.rule})` : ''}` : 'no rule matched'],
            ['Read from', e.source === 'delivery-status' ? 'the delivery-status part (RFC 3464)' : e.source === 'text' ? 'the notification text' : 'nothing usable'],
            ['SMTP stage', e.smtp_command],
            ['Reporting server', e.reporting_mta],
            ['DSN status', e.dsn_status],
            ['Envelope sender', e.envelope_sender],
            ['Received from', e.received_ips.length ? e.received_ips.join(', ') : null],
          ]}
        />
      </Panel>
    </div>
  );
}
