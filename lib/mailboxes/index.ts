export { loadImapEnv } from './config';
export { createMailbox } from './create-mailbox';
export { deleteMailbox } from './delete-mailbox';
export { MailboxInputError } from './errors';
export { imapPollerService } from './imap/poller-service';
export { MAILBOX_VIEW_SELECT, toMailboxView, type TMailboxView } from './mailbox-view';
export { testMailboxConnection, type TConnectionTestResult } from './test-mailbox-connection';
export { setMailboxEnabled, updateMailbox } from './update-mailbox';
