// The baseline for the run-overhead ratio: the same CREATE VIEW statements opp issued, executed directly
// through one DuckDB connection, in a fresh process (so both sides pay process and driver start-up).
// Usage: node bench/lib/direct-ddl.mjs <duckdb file> <statements.json>
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [dbPath, statementsFile] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(statementsFile, 'utf8'));
const t0 = performance.now();
const instance = await DuckDBInstance.create(dbPath);
const conn = await instance.connect();
for (const sql of statements) await conn.run(sql);
conn.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ wallMs: performance.now() - t0, statements: statements.length }) + '\n');
