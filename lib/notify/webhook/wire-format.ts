// Alert fields as the JSON webhook carries them: snake_case keys (like the HTTP API), dates as
// ISO 8601 strings in UTC.

type TWire = string | number | boolean | null | TWire[] | { [key: string]: TWire };

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function toWire(value: unknown): TWire {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toWire(v)]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
