import { STAGES, stageExplanation, stageIndex, stageLabel, type TCurrentStage, type TStage } from '@/lib/enforcement';
import styles from './enforcement.module.css';

export interface TStagePathProps {
  current: TCurrentStage;
  pending: TStage | null;
  testingPct: number;
  /** The record of each stage for this domain (built on what is published). */
  records: Record<TStage, string>;
}

/** The path from monitoring to full enforcement, each stage with its record and what it changes. */
export function StagePath({ current, pending, testingPct, records }: TStagePathProps) {
  const at = stageIndex(current);
  return (
    <ol className={styles.path} aria-label="Stages">
      {STAGES.map((stage, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : i === at + 1 ? 'next' : 'later';
        return (
          <li key={stage} className={`${styles.step} ${styles[state]}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className={styles.marker} aria-hidden>
              {state === 'done' ? '✓' : i + 1}
            </span>
            <div>
              <div className={styles.stepTitle}>
                {stageLabel(stage, testingPct)}
                {state === 'done' && <span className="badge badge-pass">Done</span>}
                {state === 'current' && <span className="badge badge-pass">Published now</span>}
                {state === 'next' && <span className="badge badge-warn">Next</span>}
                {pending === stage && <span className="badge badge-muted">Advanced, waiting for DNS</span>}
              </div>
              <p className={styles.stepText}>{stageExplanation(stage, testingPct)}</p>
              <div className={styles.stepRecord}>{records[stage]}</div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
