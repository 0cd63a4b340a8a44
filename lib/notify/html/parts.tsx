import type { CSSProperties, ReactNode } from 'react';
import { Link } from '@react-email/link';
import { TONE_COLORS, breakAnywhere, cls, color, font, mono, mutedStyle, textStyle, toneClass, type TTone } from './theme';

// Small building blocks of the HTML mails. Plain elements with inline styles: what every mail
// client understands.

export function P({ children, muted = false, style }: { children: ReactNode; muted?: boolean; style?: CSSProperties }) {
  return (
    <p className={muted ? cls.muted : cls.text} style={{ ...(muted ? mutedStyle : textStyle), ...breakAnywhere, ...style }}>
      {children}
    </p>
  );
}

export function H2({ children }: { children: ReactNode }) {
  return (
    <h2 className={cls.text} style={{ margin: '8px 0 12px', fontFamily: font, fontSize: '20px', lineHeight: '26px', color: color.text, ...breakAnywhere }}>
      {children}
    </h2>
  );
}

export function H3({ children }: { children: ReactNode }) {
  return (
    <h3 className={cls.text} style={{ margin: '20px 0 8px', fontFamily: font, fontSize: '15px', lineHeight: '20px', color: color.text }}>
      {children}
    </h3>
  );
}

export function A({ href, children, style }: { href: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <Link href={href} className={cls.link} style={{ color: color.accent, textDecoration: 'underline', ...breakAnywhere, ...style }}>
      {children}
    </Link>
  );
}

/** Secondary text inside a line (a source's address, a gate's detail), muted in both schemes. */
export function Muted({ children }: { children: ReactNode }) {
  return (
    <span className={cls.muted} style={{ color: color.muted }}>
      {children}
    </span>
  );
}

/** Coloured text that keeps its meaning in dark mode. */
export function Tone({ tone, children, strong = false }: { tone: TTone; children: ReactNode; strong?: boolean }) {
  return (
    <span className={toneClass(tone)} style={{ color: TONE_COLORS[tone], fontWeight: strong ? 700 : undefined }}>
      {children}
    </span>
  );
}

/** A DNS record or other literal, in a tinted monospace box that wraps anywhere. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <div
      className={`${cls.subtle} ${cls.text}`}
      style={{ margin: '0 0 12px', padding: '8px 10px', backgroundColor: color.subtle, color: color.text, fontFamily: mono, fontSize: '12px', lineHeight: '18px', borderRadius: '4px', ...breakAnywhere }}
    >
      {children}
    </div>
  );
}

/** A bulletproof button: a link inside a coloured cell, so it shows even where padding on links is ignored. */
export function Button({ href, children }: { href: string; children: ReactNode }) {
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: '4px 0 20px' }}>
      <tbody>
        <tr>
          <td style={{ backgroundColor: color.accent, borderRadius: '6px' }}>
            <Link href={href} style={{ display: 'inline-block', padding: '10px 18px', fontFamily: font, fontSize: '14px', fontWeight: 600, color: '#ffffff', textDecoration: 'none', ...breakAnywhere }}>
              {children}
            </Link>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function Rule() {
  return <hr className={cls.line} style={{ border: 'none', borderTop: `1px solid ${color.border}`, margin: '20px 0' }} />;
}

export interface TCell {
  content: ReactNode;
  align?: 'left' | 'right';
  /** Hidden on narrow screens (by clients that honour media queries). */
  optional?: boolean;
}

/** A data table: header row (none for a list of label/value pairs), hairlines between rows,
 * numbers right-aligned; `total` is set off by a rule. */
export function DataTable({ head, rows, total }: { head?: TCell[]; rows: TCell[][]; total?: TCell[] }) {
  const cell = (c: TCell, i: number, header: boolean, strong = false) => {
    const style: CSSProperties = {
      padding: '6px 8px 6px 0',
      paddingLeft: i === 0 ? 0 : '8px',
      textAlign: c.align ?? 'left',
      fontFamily: font,
      fontSize: header ? '12px' : '13px',
      lineHeight: '18px',
      color: header ? color.muted : color.text,
      fontWeight: header || strong ? 600 : 400,
      borderBottom: `1px solid ${color.border}`,
      whiteSpace: c.align === 'right' ? 'nowrap' : undefined,
      verticalAlign: 'top',
      ...(c.align === 'right' ? {} : breakAnywhere),
    };
    const className = [header ? cls.muted : cls.text, cls.line, c.optional ? cls.hideNarrow : ''].filter(Boolean).join(' ');
    return header ? (
      <th key={i} className={className} style={style} scope="col">
        {c.content}
      </th>
    ) : (
      <td key={i} className={className} style={style}>
        {c.content}
      </td>
    );
  };
  return (
    <table role="table" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse', margin: '0 0 16px' }}>
      {head ? (
        <thead>
          <tr>{head.map((c, i) => cell(c, i, true))}</tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>{row.map((c, i) => cell(c, i, false))}</tr>
        ))}
        {total ? <tr>{total.map((c, i) => cell(c, i, false, true))}</tr> : null}
      </tbody>
    </table>
  );
}

/** Headline figures side by side: label above, big value, note below. */
export function Figures({ items }: { items: { label: string; value: ReactNode; note?: ReactNode }[] }) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse', margin: '0 0 12px' }}>
      <tbody>
        <tr>
          {items.flatMap((item, i) => [
            // A spacer cell rather than a border: it takes the card's colour in dark mode too.
            i ? <td key={`gap-${i}`} style={{ width: '8px' }} /> : null,
            <td key={item.label} className={cls.subtle} style={{ width: `${Math.floor(100 / items.length)}%`, padding: '10px 12px', backgroundColor: color.subtle, borderRadius: '6px', verticalAlign: 'top' }}>
              <div className={cls.muted} style={{ fontFamily: font, fontSize: '12px', lineHeight: '16px', color: color.muted }}>
                {item.label}
              </div>
              <div className={cls.text} style={{ fontFamily: font, fontSize: '20px', lineHeight: '28px', fontWeight: 700, color: color.text, whiteSpace: 'nowrap' }}>
                {item.value}
              </div>
              {item.note ? (
                <div className={cls.muted} style={{ fontFamily: font, fontSize: '12px', lineHeight: '16px', color: color.muted }}>
                  {item.note}
                </div>
              ) : null}
            </td>,
          ])}
        </tr>
      </tbody>
    </table>
  );
}
