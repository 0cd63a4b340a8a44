/**
 * A read's result as the JSON a snapshot stores. Only values that come back from JSON.parse
 * exactly as they went in are accepted (strings, finite numbers, booleans, null, arrays and
 * plain objects); anything else (a Date, undefined, NaN, a bigint) throws, so a wrapped read
 * can never return from a snapshot something that differs from its live result.
 */
export function toSnapshotJson(value: unknown): string {
  return JSON.stringify(value, function check(this: Record<string, unknown>, key: string, v: unknown) {
    // `this[key]` is the value before toJSON: a Date has already become a string in `v`.
    const raw = this[key];
    if (raw instanceof Date) throw new TypeError(`snapshot: ${key} is a Date; return it as a YYYY-MM-DD or ISO string`);
    if (v === undefined) throw new TypeError(`snapshot: ${key} is undefined; use null`);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`snapshot: ${key} is not a finite number`);
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) {
      throw new TypeError(`snapshot: ${key} is not a plain object`);
    }
    return v;
  });
}
