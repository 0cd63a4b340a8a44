// The floors of lib/: each feature module, the lower modules it may import, and its public
// entries. eslint.config.mjs turns this table into import rules (a violation fails `npm run lint`),
// ARCHITECTURE.md draws it. A module imports another only through an entry listed here:
// `index` is lib/<module>/index.ts; platform is a set of small libraries, each sub-folder an entry.

/** @type {Record<string, { mayImport: string[]; entries: string[] }>} */
export const MODULES = {
  platform: { mayImport: [], entries: ['audit', 'crypto', 'dates', 'db', 'db-setup', 'db-authoring', 'dns', 'env', 'jobs', 'log', 'mail', 'net', 'system', 'web'] },
  ingest: { mayImport: ['platform'], entries: ['index'] },
  dns: { mayImport: ['platform'], entries: ['index'] },
  access: { mayImport: ['platform', 'ingest'], entries: ['index', 'session-cookie'] },
  mailboxes: { mayImport: ['platform', 'ingest'], entries: ['index'] },
  queries: { mayImport: ['platform', 'dns', 'access', 'mailboxes'], entries: ['index'] },
  sources: { mayImport: ['platform', 'dns', 'access', 'queries'], entries: ['index', 'client'] },
  diagnose: { mayImport: ['platform', 'dns', 'access', 'queries', 'sources'], entries: ['index'] },
  enforcement: { mayImport: ['platform', 'dns', 'access', 'queries', 'sources'], entries: ['index'] },
  notify: { mayImport: ['platform', 'sources'], entries: ['index'] },
  digests: { mayImport: ['platform', 'dns', 'access', 'queries', 'sources', 'enforcement', 'notify'], entries: ['index'] },
  alerts: { mayImport: ['platform', 'dns', 'access', 'queries', 'sources', 'diagnose', 'notify'], entries: ['index'] },
  api: { mayImport: ['platform', 'dns', 'ingest', 'access', 'mailboxes', 'queries', 'sources', 'diagnose', 'enforcement', 'notify', 'digests', 'alerts'], entries: ['index'] },
  worker: { mayImport: ['platform', 'dns', 'ingest', 'access', 'mailboxes', 'queries', 'sources', 'diagnose', 'enforcement', 'notify', 'digests', 'alerts'], entries: ['index'] },
  demo: { mayImport: ['platform', 'ingest', 'access'], entries: ['index'] },
  bench: { mayImport: ['platform', 'ingest', 'access', 'queries', 'sources', 'demo'], entries: ['index'] },
};
