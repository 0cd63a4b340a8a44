import type { TokenProvider } from '@/lib/mailboxes/oauth/cached-token';
import { describeGraphError } from './describe-graph-error';
import { GraphClient } from './graph-client';
import { GraphError } from './graph-error';
import { folderCount, resolveFolder } from './graph-folders';
import { graphBaseUrl } from './graph-target';

export interface TGraphConnectionInput {
  host: string;
  port: number;
  username: string;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: 'move' | 'flag';
}

/** "Test connection" for a Graph mailbox: the folder is there and readable (nothing is created). */
export async function testGraphConnection(
  input: TGraphConnectionInput,
  tokens: TokenProvider,
  timeoutMs: number,
): Promise<{ ok: true; message: string; messages: number; missingFolders: string[] } | { ok: false; message: string }> {
  const client = new GraphClient({ baseUrl: graphBaseUrl(input.host, input.port), tokens, timeoutMs, signal: AbortSignal.timeout(timeoutMs), maxRetries: 1 });
  try {
    const source = await resolveFolder(client, input.username, input.folder, false);
    const messages = await folderCount(client, input.username, source);
    const missingFolders: string[] = [];
    if (input.afterIngest === 'move') {
      for (const folder of [input.processedFolder, input.failedFolder]) {
        try {
          await resolveFolder(client, input.username, folder, false);
        } catch (error) {
          if (!(error instanceof GraphError && error.graphCode === 'FolderNotFound')) throw error;
          missingFolders.push(folder);
        }
      }
    }
    const parts = [
      `Connected to ${input.username} through Microsoft Graph. "${input.folder}" holds ${messages} message(s).`,
      missingFolders.length ? `Will create ${missingFolders.map((f) => `"${f}"`).join(' and ')} on the first run.` : '',
    ];
    return { ok: true, message: parts.filter(Boolean).join(' '), messages, missingFolders };
  } catch (error) {
    return { ok: false, message: describeGraphError(error, { username: input.username, host: input.host, folder: input.folder, clientId: tokens.clientId }) };
  }
}
