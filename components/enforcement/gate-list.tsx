import styles from './enforcement.module.css';

const SHARES = new Set(['dmarc_pass', 'failing_sources', 'dkim_aligned']);

/** A gate as computed now or as kept in the stage history. */
export interface TGateView {
  id: string;
  label: string;
  met: boolean;
  value: number | null;
  threshold: number;
  detail: string;
}

function figure(gate: TGateView): string {
  const show = (v: number) => (SHARES.has(gate.id) ? `${(Math.floor(v * 10_000) / 100).toFixed(2)} %` : v.toLocaleString('en-US'));
  const op = gate.id === 'failing_sources' || gate.id === 'dns' ? '≤' : '≥';
  return `${gate.value === null ? '—' : show(gate.value)} (needs ${op} ${show(gate.threshold)})`;
}

/** Readiness gates, each met or not with the figures behind it. */
export function GateList({ gates }: { gates: TGateView[] }) {
  return (
    <ul className={styles.gates} aria-label="Readiness gates">
      {gates.map((g) => (
        <li key={g.id} className={styles.gate}>
          <span className={`badge badge-nowrap ${g.met ? 'badge-pass' : 'badge-fail'}`}>{g.met ? 'Met' : 'Not met'}</span>
          <span className={styles.gateLabel}>{g.label}</span>
          <span className={styles.gateFigure}>{figure(g)}</span>
          <span className={styles.gateDetail}>{g.detail}</span>
        </li>
      ))}
    </ul>
  );
}
