'use client';

import { useRouter } from 'next/navigation';
import { ResponsiveContainer, Tooltip, Treemap, type TooltipContentProps, type TreemapNode } from 'recharts';
import { formatInt, formatPercent } from '@/components/ui/format';
import { VERDICT_LABELS, type TVerdict } from '@/lib/sources/client';
import { VERDICT_COLORS } from './verdict-colors';
import styles from './chart.module.css';

export interface TTreemapTile {
  key: string;
  name: string;
  label: string;
  value: number;
  messages: number;
  dmarcPass: number;
  verdict: TVerdict;
  share: number;
  href?: string;
  [k: string]: unknown;
}

/** ~7.5 px per character of 12.5 px bold text: cut the label to the tile rather than measure. */
const CHAR_PX = 7.5;
function fitLabel(label: string, room: number): string {
  const fits = Math.floor(room / CHAR_PX);
  return label.length <= fits ? label : `${label.slice(0, Math.max(2, fits - 1))}…`;
}

/** One tile: verdict colour, the name and share when there is room for them. */
function Tile(node: TreemapNode) {
  const tile = node as unknown as TTreemapTile & TreemapNode;
  if (node.depth !== 1) return <g />;
  const roomy = node.width > 70 && node.height > 34;
  return (
    <g style={{ cursor: tile.href ? 'pointer' : 'default' }}>
      <rect x={node.x} y={node.y} width={node.width} height={node.height} fill={VERDICT_COLORS[tile.verdict]} stroke="var(--panel)" strokeWidth={2} />
      {roomy && (
        <text x={node.x + 8} y={node.y + 18} fill="var(--tile-ink)" stroke="var(--tile-halo)" strokeWidth={2.5} paintOrder="stroke" fontSize={12.5} fontWeight={600}>
          {fitLabel(tile.label, node.width - 16)}
          <tspan x={node.x + 8} dy={16} fontWeight={400}>
            {formatPercent(tile.share, 1)}
          </tspan>
        </text>
      )}
    </g>
  );
}

function TileTooltip({ active, payload }: TooltipContentProps) {
  const tile = payload?.[0]?.payload as TTreemapTile | undefined;
  if (!active || !tile) return null;
  return (
    <div className={styles.tooltip}>
      <div className={styles.tooltipTitle}>{tile.label}</div>
      <dl className={styles.tooltipRows}>
        <dt>
          <i style={{ background: VERDICT_COLORS[tile.verdict] }} aria-hidden /> Verdict
        </dt>
        <dd>{VERDICT_LABELS[tile.verdict]}</dd>
        <dt>Messages</dt>
        <dd>
          {formatInt(tile.messages)} ({formatPercent(tile.share, 1)})
        </dd>
        <dt>DMARC pass</dt>
        <dd>{formatPercent(tile.dmarcPass, tile.messages)}</dd>
      </dl>
    </div>
  );
}

// Client component: recharts lays the tiles out in the browser; a click opens the source.
export function SourceTreemapCanvas({ tiles, height }: { tiles: TTreemapTile[]; height: number }) {
  const router = useRouter();
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <Treemap
          data={tiles}
          dataKey="value"
          nameKey="name"
          aspectRatio={4 / 3}
          isAnimationActive={false}
          content={Tile}
          onClick={(node) => {
            const href = (node as unknown as TTreemapTile).href;
            if (href) router.push(href);
          }}
        >
          <Tooltip content={TileTooltip} />
        </Treemap>
      </ResponsiveContainer>
    </div>
  );
}
