import type { ReactNode } from 'react';

export interface TPageHeadProps {
  title: ReactNode;
  /** The line under the heading: what the page shows, for which period. */
  lead?: ReactNode;
  /** Filters or actions on the heading's right. */
  children?: ReactNode;
}

/** A page's `h1` with its lead line and, beside them, the page's filters. */
export function PageHead({ title, lead, children }: TPageHeadProps) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {lead === undefined ? null : <p>{lead}</p>}
      </div>
      {children}
    </div>
  );
}
