import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OppError } from '../../../src/errors/index.js';
import { hashFile, readProjectTextFiles, readSeedFiles } from '../../../src/project/index.js';
import { readText } from '../../../src/project/read-files.js';
import { sha256 } from '../../../src/util/hash.js';
import { tempDir } from './load-helpers.js';

describe('reading files', () => {
  it('reads empty, small, exactly-one-chunk and multi-chunk files, multi-byte characters intact', async () => {
    const { dir, cleanup } = tempDir('read');
    try {
      const texts: Record<string, string> = {
        'empty.sql': '',
        'small.sql': 'select 1',
        'chunk.sql': 'x'.repeat(16 * 1024),
        'big.sql': 'é€😀 select\n'.repeat(20_000),
      };
      for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
      for (const [name, text] of Object.entries(texts)) expect(await readText(join(dir, name))).toBe(text);
      const errors: OppError[] = [];
      const files = await readProjectTextFiles(dir, Object.keys(texts), errors);
      expect(files.map((f) => [f.path, f.checksum])).toEqual(Object.entries(texts).map(([n, t]) => [n, sha256(t)]));
      expect(await hashFile(join(dir, 'big.sql'))).toBe(sha256(texts['big.sql']!));
    } finally {
      cleanup();
    }
  });

  it('turns unreadable files into project/read-failed errors and keeps the rest', async () => {
    const { dir, cleanup } = tempDir('read-fail');
    try {
      writeFileSync(join(dir, 'ok.sql'), 'select 1');
      const errors: OppError[] = [];
      const files = await readProjectTextFiles(dir, ['ok.sql', 'missing.sql'], errors);
      expect(files.map((f) => f.path)).toEqual(['ok.sql']);
      expect(errors.map((e) => [e.code, e.location?.file])).toEqual([['project/read-failed', 'missing.sql']]);
      const seeds = await readSeedFiles(dir, ['missing.csv'], errors);
      expect(seeds).toEqual([]);
      expect(errors).toHaveLength(2);
    } finally {
      cleanup();
    }
  });
});
