import { EmptyState } from '@/components/ui/empty-state';
import { stageShortLabel, type TCurrentStage } from '@/lib/enforcement';
import { formatUtc } from './format-utc';
import { GateList, type TGateView } from './gate-list';
import { PlainTable } from '@/components/ui/plain-table';

export interface TStageEvent {
  id: bigint;
  kind: string;
  fromStage: string | null;
  toStage: string;
  actorLabel: string;
  record: string | null;
  gates: unknown;
  gatesHeld: boolean | null;
  createdAt: Date;
}

const KIND: Record<string, string> = { observed: 'First check', advanced: 'Advanced', published: 'Published', rolled_back: 'Rolled back' };
const name = (s: string | null) => (s ? stageShortLabel(s as TCurrentStage) : '—');

function storedGates(json: unknown): TGateView[] {
  // Written by gatesSnapshot; anything else is not shown.
  return Array.isArray(json) ? (json.filter((g) => g && typeof g === 'object' && typeof (g as TGateView).label === 'string') as TGateView[]) : [];
}

/** Who moved the domain along the path, when, and the gates' figures at that moment. */
export function StageHistory({ events }: { events: TStageEvent[] }) {
  if (events.length === 0) {
    return (
      <EmptyState title="No history yet">
        <p>The DNS watch records the first check within the hour; advancing a stage is recorded here with the gates’ figures.</p>
      </EmptyState>
    );
  }
  return (
    <PlainTable columns={['When', 'Event', 'Stage', 'By', 'Gates']} scroll>
      {events.map((e) => {
        const gates = storedGates(e.gates);
        return (
          <tr key={String(e.id)}>
            <td className="badge-nowrap">{formatUtc(e.createdAt)}</td>
            <td>
              <span className={`badge ${e.kind === 'rolled_back' ? 'badge-fail' : e.kind === 'published' ? 'badge-pass' : 'badge-muted'}`}>{KIND[e.kind] ?? e.kind}</span>
            </td>
            <td>{e.fromStage ? `${name(e.fromStage)} → ${name(e.toStage)}` : name(e.toStage)}</td>
            <td>{e.actorLabel}</td>
            <td>
              {gates.length ? (
                <details>
                  <summary>
                    {gates.filter((g) => g.met).length} of {gates.length} held
                  </summary>
                  <GateList gates={gates} />
                </details>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        );
      })}
    </PlainTable>
  );
}
