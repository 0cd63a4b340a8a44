/**
 * A token endpoint (or the library talking to it) refused to issue a token. `message` is worded
 * for the person who fixes the configuration and never holds a secret; `code` is the OAuth2
 * error (invalid_client, unauthorized_client…) or the library's, `detail` the server's own text.
 */
export class OAuthTokenError extends Error {
  readonly oauthCode: string;
  readonly detail: string;
  /** The configuration, not the network, is wrong: retrying soon will not help. */
  readonly permanent: boolean;

  constructor(message: string, options: { code: string; detail?: string; permanent: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'OAuthTokenError';
    this.oauthCode = options.code;
    this.detail = options.detail ?? '';
    this.permanent = options.permanent;
  }
}
