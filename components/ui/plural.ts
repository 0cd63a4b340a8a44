import { formatInt } from './format';

const rules = new Intl.PluralRules('en-US');

/**
 * "1 entry", "2 entries", "1,204 reports": a count with the noun that fits it. Both forms are
 * given because English plurals are irregular (entry/entries, address/addresses).
 */
export function plural(count: number, one: string, other: string = `${one}s`): string {
  return `${formatInt(count)} ${rules.select(count) === 'one' ? one : other}`;
}
