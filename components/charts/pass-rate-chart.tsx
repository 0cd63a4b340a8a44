'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TDomainDay } from '@/lib/queries';

// Client component: recharts draws in the browser (tooltips, resizing).

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function PassRateChart({ days }: { days: TDomainDay[] }) {
  const data = days.map((d) => ({
    day: d.day.slice(5),
    messages: d.messages,
    dmarc: percent(d.dmarcPass, d.messages),
    dkim: percent(d.dkimAlignedPass, d.messages),
    spf: percent(d.spfAlignedPass, d.messages),
  }));
  return (
    <div style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 10, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eef0f3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12, fill: '#5b6675' }} minTickGap={24} />
          <YAxis yAxisId="messages" tick={{ fontSize: 12, fill: '#5b6675' }} width={56} />
          <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: '#5b6675' }} width={48} />
          <Tooltip formatter={(value, name) => (name === 'Messages' ? Number(value).toLocaleString('en-US') : `${value}%`)} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Bar yAxisId="messages" dataKey="messages" name="Messages" fill="#c3d2f5" isAnimationActive={false} />
          <Line yAxisId="rate" dataKey="dmarc" name="DMARC pass" stroke="#1f8a4c" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line yAxisId="rate" dataKey="dkim" name="DKIM aligned" stroke="#2457d6" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line yAxisId="rate" dataKey="spf" name="SPF aligned" stroke="#b86e00" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
