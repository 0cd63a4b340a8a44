/** What the palette can jump to; `hint` is a second, muted line (organisation, domain, date…). */
export type TCommandKind = 'page' | 'domain' | 'source' | 'report';

export interface TCommandItem {
  id: string;
  kind: TCommandKind;
  label: string;
  hint?: string;
  href: string;
}

/** Finds items for a typed query; a server action passed from a server component works. */
export type TCommandSearch = (query: string) => Promise<TCommandItem[]>;

export const COMMAND_GROUPS: ReadonlyArray<{ kind: TCommandKind; heading: string }> = [
  { kind: 'domain', heading: 'Domains' },
  { kind: 'source', heading: 'Sources' },
  { kind: 'report', heading: 'Reports' },
  { kind: 'page', heading: 'Pages' },
];
