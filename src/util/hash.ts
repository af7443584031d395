import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string: file checksums (dbt's manifest uses sha256) and cache keys. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
