import stringWidth from 'string-width';

// Aligned columns for the plain-text part, readable in a terminal and in a fixed-width mail
// view. Hand-written: the maintained table packages (cli-table3…) draw box borders meant for
// terminals, and text-table is unmaintained and measures width in UTF-16 units, which
// misaligns wide (CJK, emoji) characters that attacker-chosen names may carry.

export interface TColumn {
  header: string;
  align?: 'left' | 'right';
  /** Display cells wider than this are cut with "…". */
  max?: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Cut to at most `width` display columns. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (stringWidth(out + segment) > width - 1) break;
    out += segment;
  }
  return `${out}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? gap + text : text + gap;
}

/** Lines of a table: a header, a rule, the rows; columns two spaces apart, no trailing spaces. */
export function textTable(columns: TColumn[], rows: string[][], indent = ''): string[] {
  const cells = rows.map((row) => columns.map((c, i) => fitWidth(row[i] ?? '', c.max ?? 40)));
  const widths = columns.map((c, i) => Math.max(stringWidth(c.header), ...cells.map((row) => stringWidth(row[i]))));
  const line = (row: string[]) => indent + row.map((cell, i) => pad(cell, widths[i], columns[i].align ?? 'left')).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** A word wider than `width` split into pieces that fit. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of segmenter.segment(word)) {
    if (piece && stringWidth(piece + segment) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment;
  }
  return piece ? [...pieces, piece] : pieces;
}

/** Words wrapped into lines of at most `width` columns. Words longer than a line (a hostile
 * host name, a long record) are broken, never cut: no text is lost. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (stringWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    const pieces = breakWord(word, width);
    lines.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
  }
  if (current) lines.push(current);
  return lines;
}

/** A wrapped paragraph within `width`: the first line starts with `first`, the others with `rest`. */
export function paragraph(text: string, width: number, first = '', rest = ' '.repeat(stringWidth(first))): string[] {
  const room = Math.max(8, width - Math.max(stringWidth(first), stringWidth(rest)));
  return wrapText(text, room).map((line, i) => (i ? rest : first) + line);
}

/** "Label   value" pairs: labels in one column (cut at `labelMax`), values wrapped beside them. */
export function definitionList(pairs: { label: string; value: string }[], width: number, labelMax = 24): string[] {
  const labels = pairs.map((p) => fitWidth(p.label, labelMax));
  const column = Math.max(0, ...labels.map((l) => stringWidth(l))) + 2;
  return pairs.flatMap((p, i) => paragraph(p.value || '—', width, pad(labels[i], column, 'left'), ' '.repeat(column)));
}
