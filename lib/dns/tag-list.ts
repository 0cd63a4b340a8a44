// The tag=value list of DKIM key records (RFC 6376 section 3.2), which DMARC records use too.
// Parsed by hand: it is a few lines, and the checks need to know exactly where a record
// breaks the grammar (which a lenient parser from a library hides).

export interface TTag {
  /** As written (case kept, to flag upper-case names). */
  name: string;
  value: string;
}

export interface TTagList {
  tags: TTag[];
  /** Parts that are not `name=value` with a valid name. */
  malformed: string[];
  /** Names (lower case) given more than once. */
  duplicates: string[];
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function parseTagList(text: string): TTagList {
  const tags: TTag[] = [];
  const malformed: string[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (!part) continue; // ";;" and a trailing ";" are allowed
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    if (eq < 0 || !TAG_NAME.test(name)) {
      malformed.push(part);
      continue;
    }
    const key = name.toLowerCase();
    if (seen.has(key)) duplicates.add(key);
    seen.add(key);
    tags.push({ name, value: part.slice(eq + 1).trim() });
  }
  return { tags, malformed, duplicates: [...duplicates] };
}

/** Lower-case name → value, first occurrence wins. */
export function tagMap(list: TTagList): Record<string, string> {
  const map: Record<string, string> = {};
  for (const t of list.tags) {
    const key = t.name.toLowerCase();
    if (!(key in map)) map[key] = t.value;
  }
  return map;
}
