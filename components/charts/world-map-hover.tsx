'use client';

import { useRef, useState, type ReactNode } from 'react';
import { formatInt } from '@/components/ui/format';
import styles from './world-map.module.css';

interface TTip {
  name: string;
  messages: number;
  x: number;
  y: number;
}

/**
 * The world map's tooltip: one listener on the map reads the hovered shape's data-name and
 * data-messages (written by the server), so the browser needs no geometry or per-country code.
 */
export function WorldMapHover({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<TTip | null>(null);
  return (
    <div
      ref={box}
      className={styles.hover}
      onPointerMove={(event) => {
        const target = (event.target as Element).closest('[data-name]');
        const rect = box.current?.getBoundingClientRect();
        if (!target || !rect) return setTip(null);
        setTip({
          name: target.getAttribute('data-name') ?? '',
          messages: Number(target.getAttribute('data-messages') ?? 0),
          x: event.clientX - rect.left,
          y: event.clientY - rect.top,
        });
      }}
      onPointerLeave={() => setTip(null)}
    >
      {children}
      {tip && (
        <div className={styles.tip} style={{ left: tip.x, top: tip.y }} role="status">
          <strong>{tip.name}</strong>
          <span>{tip.messages > 0 ? `${formatInt(tip.messages)} messages` : 'no mail'}</span>
        </div>
      )}
    </div>
  );
}
