import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createAdapter, duckdbCatalogName } from '../../src/adapters/index.js';
import type { TargetConfig } from '../../src/config/types.js';
import { runAdapterConformance } from './adapter-conformance.js';

function duckdbTarget(path: string): TargetConfig {
  return {
    name: 'dev',
    profileName: 'conformance',
    type: 'duckdb',
    database: duckdbCatalogName(path),
    schema: 'main',
    threads: 4,
    settings: { path },
  };
}

const SLOW = 'select count(*) from range(100000000000) a';

runAdapterConformance('duckdb (memory)', () => createAdapter(duckdbTarget(':memory:')), { slowQuery: SLOW });

const dir = mkdtempSync(join(tmpdir(), 'opp-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
runAdapterConformance('duckdb (file)', () => createAdapter(duckdbTarget(join(dir, 'warehouse.duckdb'))), { slowQuery: SLOW });
