import type { ReactNode } from 'react';

export interface TPanelProps {
  title: ReactNode;
  /** Beside the heading: a link, a button, a badge or a short muted note. */
  aside?: ReactNode;
  /** Names the section by its heading (aria-labelledby) and makes it a link target. */
  headingId?: string;
  /** The section's own anchor (`#addresses`), for links that jump to it. */
  id?: string;
  /** Wraps the content in the padded `.panel-body`; tables and empty states sit flush instead. */
  body?: boolean;
  children?: ReactNode;
}

/** A `.panel` section with its heading row: the one markup every page's panels share. */
export function Panel({ title, aside, headingId, id, body = false, children }: TPanelProps) {
  return (
    <section className="panel" id={id} aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {aside}
      </div>
      {body ? <div className="panel-body">{children}</div> : children}
    </section>
  );
}
