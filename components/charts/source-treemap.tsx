import { formatPercent } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import { VERDICT_LABELS, VERDICTS, type TVerdict } from '@/lib/sources';
import { SourceTreemapCanvas, type TTreemapTile } from './source-treemap-canvas';
import styles from './chart.module.css';

export interface TTreemapSource {
  key: string;
  label: string;
  messages: number;
  dmarcPass: number;
  verdict: TVerdict;
  /** Where a click on the tile goes (the source's page or the sender map's drill-down). */
  href?: string;
}

export interface TSourceTreemapProps {
  sources: TTreemapSource[];
  /** Tiles drawn one by one; smaller sources are grouped per verdict ("12 other unknown sources"). */
  maxTiles?: number;
  height?: number;
}

/**
 * The sending services sized by volume and coloured by verdict (recharts Treemap), with a
 * tooltip per tile and a one-sentence summary for screen readers (the sender map's table is the
 * full accessible view). Server component: grouping and the summary are done here.
 */
export function SourceTreemap({ sources, maxTiles = 40, height = 320 }: TSourceTreemapProps) {
  const sorted = sources.filter((s) => s.messages > 0).sort((a, b) => b.messages - a.messages);
  const total = sorted.reduce((sum, s) => sum + s.messages, 0);
  const tiles: TTreemapTile[] = sorted.slice(0, maxTiles).map((s) => ({ ...s, name: s.label, value: s.messages, share: s.messages / total }));
  for (const verdict of VERDICTS) {
    const rest = sorted.slice(maxTiles).filter((s) => s.verdict === verdict);
    if (rest.length === 0) continue;
    const messages = rest.reduce((sum, s) => sum + s.messages, 0);
    const dmarcPass = rest.reduce((sum, s) => sum + s.dmarcPass, 0);
    const name = `${plural(rest.length, 'other source')} (${VERDICT_LABELS[verdict].toLowerCase()})`;
    tiles.push({ key: `rest:${verdict}`, label: name, name, value: messages, messages, dmarcPass, verdict, share: messages / total });
  }
  const summary =
    total === 0
      ? 'No mail in this period.'
      : `${plural(sorted.length, 'source')}; the largest: ${sorted
          .slice(0, 5)
          .map((s) => `${s.label} ${formatPercent(s.messages, total)} (${VERDICT_LABELS[s.verdict].toLowerCase()})`)
          .join(', ')}.`;
  return (
    <figure className={styles.figure}>
      {total > 0 && <SourceTreemapCanvas tiles={tiles} height={height} />}
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}
