// A second, light public entry of access/: what proxy.ts needs to read the session cookie on
// every page request, without loading next-auth's options, Prisma or the rest of the module.
export { readSessionClaims } from './auth/session-token';
