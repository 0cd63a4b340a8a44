import type { TFinding } from '@/lib/dns';
import styles from './enforcement.module.css';

const SEVERITY: Record<TFinding['severity'], { label: string; className: string }> = {
  error: { label: 'Error', className: 'badge badge-fail' },
  warning: { label: 'Warning', className: 'badge badge-warn' },
  info: { label: 'Note', className: 'badge badge-muted' },
};

/** DNS check findings as `atlas dns check` lists them: severity, code, message and fix. */
export function FindingsTable({ findings }: { findings: TFinding[] }) {
  return (
    <div className="table-scroll">
      <table className="data" aria-label="Findings">
        <thead>
          <tr>
            <th className={styles.severity}>Severity</th>
            <th>Finding</th>
            <th>Fix</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => (
            <tr key={`${f.code}-${i}`}>
              <td>
                <span className={`${SEVERITY[f.severity].className} badge-nowrap`}>{SEVERITY[f.severity].label}</span>
              </td>
              <td>
                <code>{f.code}</code>
                <div>{f.message}</div>
              </td>
              <td>{f.fix || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
