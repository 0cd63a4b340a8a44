import { geoCentroid, geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { numericToAlpha2 } from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world110 from 'world-atlas/countries-110m.json';

// Country shapes for the world map, projected once per process on the server: the browser gets
// finished SVG paths and no geometry code (docs/ui.md). Natural Earth 1:110m via world-atlas
// (npm, offline); countries too small for that scale come from 1:50m as centroid dots.

const MAP_WIDTH = 960;
const MAP_HEIGHT = 500;

export interface TWorldShapes {
  /** The drawn area's box, tight around the countries (the SVG viewBox). */
  viewBox: string;
  countries: TCountryShape[];
}

export interface TCountryShape {
  /** ISO 3166-1 alpha-2, or null for the few shapes without a code (N. Cyprus, Somaliland). */
  code: string | null;
  name: string;
  d: string;
}

type TCountryProps = { name: string };
type TWorld = Topology<{ countries: GeometryCollection<TCountryProps> }>;

/** Natural Earth ids are ISO numeric; a few areas have none but a usual code. */
const BY_NAME: Record<string, string> = { Kosovo: 'XK' };
const ANTARCTICA = '010';

function alpha2(f: Feature<Geometry, TCountryProps>): string | null {
  if (f.id !== undefined) return numericToAlpha2(String(f.id)) ?? null;
  return BY_NAME[f.properties.name] ?? null;
}

function countries(topology: TWorld): Feature<Geometry, TCountryProps>[] {
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, TCountryProps>;
  return collection.features.filter((f) => String(f.id) !== ANTARCTICA);
}

const projection = geoEqualEarth();
let shapes: TWorldShapes | null = null;

/** Every country of the 1:110m map as an SVG path, fitted into MAP_WIDTH × MAP_HEIGHT. */
export function countryShapes(): TWorldShapes {
  if (shapes) return shapes;
  const features = countries(world110 as unknown as TWorld);
  const all: FeatureCollection<Geometry, TCountryProps> = { type: 'FeatureCollection', features };
  projection.fitExtent(
    [
      [0, 0],
      [MAP_WIDTH, MAP_HEIGHT],
    ],
    all,
  );
  const path = geoPath(projection).digits(1);
  // The fitted map fills only one of the two dimensions: crop the box to it, so that the SVG
  // (width 100%) has no empty band.
  const [[x0, y0], [x1, y1]] = path.bounds(all);
  const pad = 2;
  shapes = {
    viewBox: [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad].map((n) => Math.round(n)).join(' '),
    countries: features.map((f) => ({ code: alpha2(f), name: f.properties.name, d: path(f) ?? '' })),
  };
  return shapes;
}

let smallCentroids: Map<string, [number, number]> | null = null;

/** Projected centres of countries missing from the 1:110m map (Singapore, Hong Kong, Malta…). */
export async function smallCountryPoints(): Promise<Map<string, [number, number]>> {
  if (smallCentroids) return smallCentroids;
  const present = new Set(countryShapes().countries.map((s) => s.code));
  // 740 KB: read only when a country that needs it has mail, then kept.
  const world50 = (await import('world-atlas/countries-50m.json')).default as unknown as TWorld;
  const points = new Map<string, [number, number]>();
  for (const f of countries(world50)) {
    const code = alpha2(f);
    const point = code && !present.has(code) ? projection(geoCentroid(f)) : null;
    if (code && point) points.set(code, [Math.round(point[0] * 10) / 10, Math.round(point[1] * 10) / 10]);
  }
  smallCentroids = points;
  return points;
}
