import type { GraphClient } from './graph-client';
import { GraphError } from './graph-error';
import { ZGraphFolder, ZGraphFolderList } from './graph-schemas';

// Graph's well-known folder names (mailFolder docs): addressable directly, in any language.
const WELL_KNOWN = new Set(['inbox', 'archive', 'junkemail', 'deleteditems', 'sentitems', 'drafts', 'outbox', 'msgfolderroot', 'clutter', 'conversationhistory', 'scheduled', 'searchfolders']);

const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** `/users/{mailbox}` with the mailbox (a UPN or id) as one path segment. */
export function userPath(username: string): string {
  return `/users/${encodeURIComponent(username)}`;
}

async function findChild(client: GraphClient, parent: string, name: string): Promise<string | null> {
  const filter = new URLSearchParams({ $filter: `displayName eq ${odataString(name)}`, $select: 'id,displayName' });
  const list = await client.json(ZGraphFolderList, 'GET', `${parent}?${filter}`);
  return list.value[0]?.id ?? null;
}

/**
 * The id of a folder given as a `/`-separated path ("Inbox", "DMARC/Processed"): the first
 * segment a well-known name or a top-level folder, the rest child folders. With `create`, the
 * missing ones are made (another worker making one at the same moment is fine).
 */
export async function resolveFolder(client: GraphClient, username: string, path: string, create: boolean): Promise<string> {
  const user = userPath(username);
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) throw new GraphError('empty folder name', 0, 'BadFolder');
  let id: string | null = null;
  for (let depth = 0; depth < segments.length; depth++) {
    const name = segments[depth];
    if (depth === 0 && WELL_KNOWN.has(name.toLowerCase())) {
      id = (await client.json(ZGraphFolder, 'GET', `${user}/mailFolders/${name.toLowerCase()}?$select=id,displayName`)).id;
      continue;
    }
    const collection: string = id === null ? `${user}/mailFolders` : `${user}/mailFolders/${encodeURIComponent(id)}/childFolders`;
    let found = await findChild(client, collection, name);
    if (!found && create) {
      try {
        found = (await client.json(ZGraphFolder, 'POST', collection, { displayName: name })).id;
      } catch (error) {
        // ErrorFolderExists: created meanwhile by another worker (or a person).
        if (!(error instanceof GraphError && error.status === 409)) throw error;
        found = await findChild(client, collection, name);
      }
    }
    if (!found) throw new GraphError(`Folder "${segments.slice(0, depth + 1).join('/')}" does not exist in ${username}'s mailbox`, 404, 'FolderNotFound');
    id = found;
  }
  if (id === null) throw new GraphError(`Folder "${path}" not found`, 404, 'FolderNotFound');
  return id;
}

/** Messages in a folder (the backlog of a folder that is emptied as it is read). */
export async function folderCount(client: GraphClient, username: string, folderId: string): Promise<number> {
  const folder = await client.json(ZGraphFolder, 'GET', `${userPath(username)}/mailFolders/${encodeURIComponent(folderId)}?$select=id,totalItemCount`);
  return folder.totalItemCount ?? 0;
}
