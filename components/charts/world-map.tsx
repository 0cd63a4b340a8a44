import { formatInt, formatPercent } from '@/components/ui/format';
import { countryScale } from './country-scale';
import { countryShapes, smallCountryPoints } from './world-geometry';
import { WorldMapHover } from './world-map-hover';
import styles from './world-map.module.css';

export interface TCountryVolume {
  /** ISO 3166-1 alpha-2 (as the enrichment stores it). */
  code: string;
  messages: number;
}

export interface TWorldMapProps {
  countries: TCountryVolume[];
  /** Rows in the table beside the map (the rest summed into "other countries"). */
  top?: number;
}

const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const ZALPHA2 = /^[A-Z]{2}$/;

function countryName(code: string, fallback?: string): string {
  try {
    return names.of(code) ?? fallback ?? code;
  } catch {
    return fallback ?? code;
  }
}

/**
 * Messages by sending country as a choropleth (logarithmic colour scale, legend), a tooltip with
 * the country and its volume on hover, and the same figures as a table (the accessible view).
 * Server component: paths are computed on the server; only the tooltip runs in the browser.
 * Not react-simple-maps: it draws only after hydration (an empty map first) and ships the
 * topology to the browser; d3-geo + topojson-client give the same paths at render time.
 */
export async function WorldMap({ countries, top = 10 }: TWorldMapProps) {
  const volumes = new Map<string, number>();
  for (const c of countries) {
    const code = c.code.toUpperCase();
    if (ZALPHA2.test(code) && c.messages > 0) volumes.set(code, (volumes.get(code) ?? 0) + c.messages);
  }
  const total = [...volumes.values()].reduce((a, b) => a + b, 0);
  const scale = countryScale([...volumes.values()]);
  const { viewBox, countries: shapes } = countryShapes();
  const drawn = new Set(shapes.map((s) => s.code));
  const small = [...volumes.keys()].some((code) => !drawn.has(code)) ? await smallCountryPoints() : new Map<string, [number, number]>();
  const ranked = [...volumes.entries()].sort((a, b) => b[1] - a[1]);
  const shown = ranked.slice(0, top);
  const rest = ranked.slice(top).reduce((sum, [, n]) => sum + n, 0);
  const fill = (level: number) => (level === 0 ? 'var(--map-empty)' : `var(--map-${level})`);

  return (
    <div className={styles.wrap}>
      <figure className={styles.figure}>
        <WorldMapHover>
          <svg viewBox={viewBox} className={styles.svg} role="img" aria-label={`Messages by sending country: ${formatInt(volumes.size)} countries`}>
            {shapes.map((s, i) => {
              const messages = s.code ? (volumes.get(s.code) ?? 0) : 0;
              return (
                <path
                  key={`${s.code ?? s.name}-${i}`}
                  d={s.d}
                  fill={fill(scale.level(messages))}
                  className={styles.country}
                  data-name={s.code ? countryName(s.code, s.name) : s.name}
                  data-messages={messages}
                />
              );
            })}
            {[...small.entries()]
              .filter(([code]) => volumes.has(code))
              .map(([code, [x, y]]) => (
                <circle
                  key={code}
                  cx={x}
                  cy={y}
                  r={4}
                  fill={fill(scale.level(volumes.get(code) ?? 0))}
                  className={styles.dot}
                  data-name={countryName(code)}
                  data-messages={volumes.get(code)}
                />
              ))}
          </svg>
        </WorldMapHover>
        {scale.legend.length > 0 && (
          <figcaption className={styles.legend}>
            <span className="muted">Messages</span>
            {scale.legend.map((l) => (
              <span key={l.level} className={styles.legendItem}>
                <i style={{ background: fill(l.level) }} aria-hidden />
                {l.from === l.to ? formatInt(l.from) : `${formatInt(l.from)}–${formatInt(l.to)}`}
              </span>
            ))}
          </figcaption>
        )}
      </figure>
      <table className={`data fit ${styles.table}`}>
        <caption className="sr-only">Messages by sending country</caption>
        <thead>
          <tr>
            <th>Country</th>
            <th className="num">Messages</th>
            <th className="num">Share</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(([code, messages]) => (
            <tr key={code}>
              <td>
                <i className={styles.swatch} style={{ background: fill(scale.level(messages)) }} aria-hidden />
                {countryName(code)}
              </td>
              <td className="num">{formatInt(messages)}</td>
              <td className="num">{formatPercent(messages, total)}</td>
            </tr>
          ))}
          {rest > 0 && (
            <tr>
              <td className="muted">{formatInt(ranked.length - shown.length)} other countries</td>
              <td className="num">{formatInt(rest)}</td>
              <td className="num">{formatPercent(rest, total)}</td>
            </tr>
          )}
          {ranked.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No country known yet: countries are looked up for each sending address after reports arrive.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
