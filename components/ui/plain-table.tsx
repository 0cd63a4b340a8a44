import type { ReactNode } from 'react';

/** A header cell: its text, or text with a class (`num` right-aligns figures). Empty text: an unnamed column (row actions). */
export type TPlainColumn = string | { label: string; className?: string };

export interface TPlainTableProps {
  /** `false` leaves a column out, so `canEdit && 'Manage'` reads like JSX's own conditionals. */
  columns: (TPlainColumn | false)[];
  /** The `<tr>` rows. */
  children: ReactNode;
  /** Wide tables scroll sideways on narrow screens instead of squeezing their columns. */
  scroll?: boolean;
}

/**
 * A `table.data` with a plain header row, for short lists shown whole (settings, histories).
 * Sortable, paginated lists use DataTable instead.
 */
export function PlainTable({ columns, children, scroll = false }: TPlainTableProps) {
  const table = (
    <table className="data">
      <thead>
        <tr>
          {columns
            .filter((column) => column !== false)
            .map((column, index) => {
              const { label, className } = typeof column === 'string' ? { label: column, className: undefined } : column;
              return (
                <th key={`${index}:${label}`} className={className}>
                  {label || null}
                </th>
              );
            })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
