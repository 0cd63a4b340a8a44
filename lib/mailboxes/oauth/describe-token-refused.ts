import type { TOAuthFlow } from './oauth-config';

/**
 * The mail server refused a token the token endpoint had just issued (IMAP AUTHENTICATE failed,
 * Graph 401/403): the app exists and its secret is right, so what is missing is a permission on
 * the mail side. Said in words, with the steps that fix it.
 */
export function describeTokenRefused(
  flow: TOAuthFlow | 'token',
  where: { username: string; host: string; protocol: 'imap' | 'graph'; clientId?: string; server?: string },
): string {
  const user = where.username;
  const said = where.server ? ` (server said: ${where.server})` : '';
  if (flow === 'token') {
    return (
      `The server refused the pasted OAuth2 access token for ${user} (AUTHENTICATE failed)${said}. Pasted tokens expire within about an hour: ` +
      'choose the Microsoft 365 app, Google or OAuth2 client credentials sign-in instead, and tokens are fetched and refreshed automatically.'
    );
  }
  if (where.protocol === 'graph') {
    return (
      `Microsoft Graph refused the app's token for ${user}${said}. The app needs the Microsoft Graph application permission Mail.ReadWrite with admin consent ` +
      `(Entra ID › App registrations › the app › API permissions › Add › Microsoft Graph › Application permissions › Mail.ReadWrite, then "Grant admin consent"); ` +
      `if your tenant limits apps to some mailboxes (New-ApplicationAccessPolicy, or RBAC for Applications), ${user} must be in its scope. Changes can take up to an hour to apply.`
    );
  }
  if (flow === 'microsoft' || /outlook\.office365\.com|office365|outlook\.com/i.test(where.host)) {
    const app = where.clientId ?? '<client id>';
    return (
      `Exchange Online refused the app's token for ${user} (AUTHENTICATE failed)${said}. The token was issued, so the app registration and secret are fine; what is missing is on the Exchange side: ` +
      `1) the app has the application permission IMAP.AccessAsApp (API permissions › Add › APIs my organization uses › Office 365 Exchange Online › Application permissions) with admin consent; ` +
      `2) Exchange knows the app: New-ServicePrincipal -AppId ${app} -ObjectId <object id from Enterprise applications>; ` +
      `3) it may open the mailbox: Add-MailboxPermission -Identity ${user} -User <that service principal's id> -AccessRights FullAccess; ` +
      `4) IMAP is on for the mailbox (Set-CASMailbox ${user} -ImapEnabled $true). New permissions can take up to 30 minutes to apply.`
    );
  }
  if (flow === 'google-service-account' || flow === 'google-refresh-token' || /gmail\.com|google/i.test(where.host)) {
    return (
      `Gmail refused the token for ${user} (AUTHENTICATE failed)${said}: the token must be for ${user} itself (the service account impersonates it, or ${user} granted access) ` +
      `with the scope https://mail.google.com/, and IMAP must be allowed for the user (Admin console › Apps › Google Workspace › Gmail › End User Access).`
    );
  }
  return `The IMAP server refused the OAuth2 token for ${user} at ${where.host} (AUTHENTICATE failed)${said}: the token's scope must give IMAP access, and it must be issued for this user (or an app allowed to open this mailbox).`;
}
