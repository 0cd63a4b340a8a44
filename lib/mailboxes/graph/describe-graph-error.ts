import { describeTokenRefused } from '@/lib/mailboxes/oauth/describe-token-refused';
import { OAuthTokenError } from '@/lib/mailboxes/oauth/token-error';
import { GraphError } from './graph-error';

/** One sentence an administrator can act on, from whatever a Graph sync threw. */
export function describeGraphError(error: unknown, where: { username: string; host: string; folder: string; clientId?: string }): string {
  if (error instanceof OAuthTokenError) return error.message;
  if (error instanceof GraphError) {
    const said = `${error.graphCode}: ${error.message}`;
    if (error.status === 401 || error.status === 403 || error.graphCode === 'ErrorAccessDenied') {
      return describeTokenRefused('microsoft', { username: where.username, host: where.host, protocol: 'graph', clientId: where.clientId, server: said });
    }
    if (error.graphCode === 'ErrorInvalidUser' || error.graphCode === 'MailboxNotEnabledForRESTAPI' || (error.status === 404 && /users\/[^/]+$/.test(error.message))) {
      return `There is no mailbox ${where.username} at ${where.host} (or it is not in Exchange Online): the user name must be the mailbox's address or user principal name (${said}).`;
    }
    if (error.graphCode === 'FolderNotFound') return `${error.message}: check the folder name (a path such as "Inbox/DMARC", separated by "/").`;
    if (error.graphCode === 'Throttled' || error.status === 429) return `Microsoft Graph keeps throttling this mailbox (${error.message}); reading resumes after the pause it asks for.`;
    if (error.graphCode === 'TooLarge') return `A Graph answer was too large: ${error.message}.`;
    if (error.graphCode === 'ForeignLink') return error.message;
    return `Microsoft Graph at ${where.host}: ${said}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
    if (error.name === 'TimeoutError') return `Microsoft Graph at ${where.host} did not answer in time.`;
    if (error instanceof TypeError) return `Cannot reach Microsoft Graph at ${where.host} (${error.message}${cause}).`;
    return error.message;
  }
  return String(error);
}
