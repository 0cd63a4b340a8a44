/** Rows of a statement over several sources, split per source in their original order. */
export function groupBySource<R extends { source_key: string }, V>(rows: R[], toValue: (row: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const row of rows) {
    const list = out.get(row.source_key);
    if (list) list.push(toValue(row));
    else out.set(row.source_key, [toValue(row)]);
  }
  return out;
}
