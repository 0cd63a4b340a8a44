'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { VERDICT_LABELS, VERDICTS } from '@/lib/sources/client';
import { TimeSeriesTooltip } from './time-series-tooltip';
import type { TTimeSeriesRow } from './time-series-data';
import { VERDICT_COLORS } from './verdict-colors';

// Client component: recharts measures and draws in the browser (hover, resizing). Colours are
// design tokens (var(--…)), so the chart follows the light/dark theme without re-rendering.

const AXIS = { fontSize: 12, fill: 'var(--chart-axis)' };
const shortDay = (day: string) => day.slice(5);

export function TimeSeriesCanvas({ rows, height, stacked, rates = true }: { rows: TTimeSeriesRow[]; height: number; stacked: boolean; rates?: boolean }) {
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={{ top: 10, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} stroke="var(--chart-grid)" minTickGap={24} />
          <YAxis yAxisId="messages" tick={AXIS} stroke="var(--chart-grid)" width={56} tickFormatter={(v: number) => v.toLocaleString('en-US')} />
          {rates && <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" tick={AXIS} stroke="var(--chart-grid)" width={48} />}
          <Tooltip content={(props) => <TimeSeriesTooltip {...props} rates={rates} />} cursor={{ fill: 'var(--hover)', opacity: 0.6 }} />
          {/* Legend in drawing order (volume first), its text in the ink colour: recharts colours it
              like the series, which made "Messages" pale blue on white. */}
          <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={null} formatter={(value: string) => <span style={{ color: 'var(--ink)' }}>{value}</span>} />
          {stacked ? (
            VERDICTS.map((v) => <Bar key={v} yAxisId="messages" stackId="volume" dataKey={`v_${v}`} name={VERDICT_LABELS[v]} fill={VERDICT_COLORS[v]} fillOpacity={0.75} isAnimationActive={false} />)
          ) : (
            <Bar yAxisId="messages" dataKey="messages" name="Messages" fill="var(--chart-volume)" fillOpacity={0.55} isAnimationActive={false} />
          )}
          {rates && <Line yAxisId="rate" dataKey="dmarc" name="DMARC pass" stroke="var(--chart-dmarc)" strokeWidth={2.25} dot={false} isAnimationActive={false} />}
          {rates && <Line yAxisId="rate" dataKey="dkim" name="DKIM aligned" stroke="var(--chart-dkim)" strokeWidth={1.5} dot={false} isAnimationActive={false} />}
          {rates && <Line yAxisId="rate" dataKey="spf" name="SPF aligned" stroke="var(--chart-spf)" strokeWidth={1.5} strokeDasharray="5 3" dot={false} isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
