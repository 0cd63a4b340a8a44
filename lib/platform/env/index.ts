export { MissingAuthSecretError, appUrl, authEnv, authSecret, oidcConfigured, smtpConfigured, usesHttps } from './app-env';
export { loadEnv } from './env';
export { APP_VERSION } from './version';
