export type { SeedColumn, SeedColumnType, SeedCsvOptions } from './types.js';
export { resolveSeedOptions, SEED_NULL_STRINGS } from './resolve-seed-options.js';
export { buildHeaderNames, countHeaderFieldsBound } from './build-header-names.js';
export { checksForSniffedType, decideColumnType, FULL_CHECKS } from './infer-column-types.js';
export {
  buildMalformedCsvError,
  countLinesTo,
  isCsvReadError,
  parseCsvErrorDetail,
  parseCsvErrorLine,
} from './csv-errors.js';
export { locateColumnType, type YamlPosition } from './locate-column-type.js';
