import { readFileSync } from 'node:fs';

/** opp's version, read once from package.json. */
export const OPP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
