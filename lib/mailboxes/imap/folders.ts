import type { ImapFlow } from 'imapflow';

/**
 * Folder names are configured with `/` as the hierarchy separator ("DMARC/Processed"); on the
 * server they use its own delimiter and personal-namespace prefix ("INBOX.DMARC.Processed").
 */
export function serverPath(client: ImapFlow, folder: string): string {
  if (folder.toUpperCase() === 'INBOX') return 'INBOX';
  const ns = client.namespace;
  const delimiter = ns?.delimiter || '/';
  const joined = folder.split('/').filter(Boolean).join(delimiter);
  if (ns?.prefix && !joined.startsWith(ns.prefix) && !joined.toUpperCase().startsWith(`INBOX${delimiter}`)) {
    return ns.prefix + joined;
  }
  return joined;
}

/** Creates the folders that are missing (with their parents, which some servers need first). */
export async function ensureFolders(client: ImapFlow, folders: string[]): Promise<void> {
  const existing = new Set((await client.list()).map((f) => f.path));
  for (const folder of folders) {
    const segments = folder.split('/').filter(Boolean);
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = serverPath(client, segments.slice(0, depth).join('/'));
      if (existing.has(path)) continue;
      // Resolves with created=false when another client created it meanwhile (ALREADYEXISTS).
      await client.mailboxCreate(path);
      existing.add(path);
    }
  }
}
