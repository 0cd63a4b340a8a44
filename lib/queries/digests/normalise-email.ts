/** E-mail addresses are stored lower-case and trimmed (lib/access ZEmail); look-ups match that. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
