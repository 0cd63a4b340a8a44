import { formatPercent } from './format';

/** A pass rate as a small meter and a percentage; colour by how close to enforcement-ready. */
export function PassRate({ pass, total }: { pass: number; total: number }) {
  if (total === 0) return <span className="muted">—</span>;
  const share = pass / total;
  const colour = share >= 0.98 ? 'var(--pass)' : share >= 0.9 ? 'var(--warn)' : 'var(--fail)';
  return (
    <span>
      <span className="meter" aria-hidden>
        <span style={{ width: `${share * 100}%`, background: colour }} />
      </span>
      {formatPercent(pass, total)}
    </span>
  );
}
