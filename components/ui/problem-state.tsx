import Link from 'next/link';
import type { ReactNode } from 'react';
import styles from './problem-state.module.css';

export interface TProblemAction {
  href: string;
  label: string;
}

/**
 * A page that could not be shown (not found, an error) with what happened and ways back.
 * `children`: extra actions rendered before the links (e.g. a "Try again" button).
 */
export function ProblemState({ code, title, message, actions, children }: { code?: string; title: string; message: ReactNode; actions: TProblemAction[]; children?: ReactNode }) {
  return (
    <section className={styles.problem} aria-labelledby="problem-title">
      {code && <p className={styles.code}>{code}</p>}
      <h1 id="problem-title">{title}</h1>
      <div className={styles.message}>{message}</div>
      <div className={styles.actions}>
        {children}
        {actions.map((a, i) => (
          <Link key={a.href} href={a.href} className={i === 0 && !children ? 'btn btn-primary' : 'btn'}>
            {a.label}
          </Link>
        ))}
      </div>
    </section>
  );
}
