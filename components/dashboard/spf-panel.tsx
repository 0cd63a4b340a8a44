import { formatInt } from '@/components/ui/format';
import { SPF_LOOKUP_LIMIT, type TSenderMap } from '@/lib/sources';
import { Panel } from '@/components/ui/panel';

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The domain's published SPF as the worker last found it. A failed lookup (temperror: timeout,
 * SERVFAIL, no answer) says so and when it is tried again: it is not "no SPF record".
 */
export function SpfPanel({ domain, spf }: { domain: string; spf: TSenderMap['spf'] }) {
  return (
    <Panel title={<>SPF of {domain}</>} aside={<span className="muted">{spf.checkedAt ? `checked ${when(spf.checkedAt)}` : 'not checked yet'}</span>} body>
      {spf.status === null ? (
        <p className="muted">The worker looks the record up within a minute or two, then again every few hours (ATLAS_SPF_TTL_HOURS).</p>
      ) : spf.status === 'ok' ? (
        <>
          <code style={{ wordBreak: 'break-all' }}>{spf.record}</code>
          <p>
            <span className={spf.lookups > SPF_LOOKUP_LIMIT ? 'badge badge-fail' : spf.lookups >= 8 ? 'badge badge-warn' : 'badge badge-pass'}>
              {formatInt(spf.lookups)} / {SPF_LOOKUP_LIMIT} DNS lookups
            </span>{' '}
            {spf.errors.length > 0 && <span className="muted">{spf.errors.join(' · ')}</span>}
          </p>
        </>
      ) : spf.status === 'temperror' ? (
        <p>
          <span className="badge badge-warn">lookup failed</span> The DNS lookup of the SPF record of {domain} failed{spf.errors.length > 0 ? `: ${spf.errors.join(' · ')}` : '.'} This says nothing about
          the record itself. {spf.nextCheckAt ? `Tried again after ${when(spf.nextCheckAt)}.` : 'Tried again soon.'}
        </p>
      ) : spf.status === 'none' ? (
        <p>
          <span className="badge badge-fail">no SPF record</span> {domain} publishes no SPF record (the lookup succeeded and found none): receivers cannot authorise its senders by
          SPF.
        </p>
      ) : (
        <p>
          <span className="badge badge-fail">invalid SPF record</span> {spf.record && <code style={{ wordBreak: 'break-all' }}>{spf.record}</code>} {spf.errors.join(' · ')}
        </p>
      )}
    </Panel>
  );
}
