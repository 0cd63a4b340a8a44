import path from 'node:path';

/** The checkout's root (where package.json, prisma/ and bin/ live), wherever this file sits in lib/. */
export const PROJECT_ROOT = import.meta.dirname ? path.resolve(import.meta.dirname, '..', '..', '..') : process.cwd();
