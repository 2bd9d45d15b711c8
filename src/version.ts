import { createRequire } from 'node:module';

/** The version of the installed bugport package (its package.json, beside `src/` and `dist/`). */
export const version: string = (
  createRequire(import.meta.url)('../package.json') as { readonly version: string }
).version;
