/** A mailbox change refused for a reason the person can fix (shown next to the form). */
export class MailboxInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
