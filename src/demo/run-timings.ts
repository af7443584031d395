/** readRunTimings: seconds per model name from the last run's target/run_results.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readRunTimings(projectDir: string, targetPath = 'target'): Record<string, number> {
  const results = JSON.parse(readFileSync(join(projectDir, targetPath, 'run_results.json'), 'utf8')) as {
    results: { unique_id: string; execution_time: number }[];
  };
  const out: Record<string, number> = {};
  for (const r of results.results) out[r.unique_id.split('.').pop()!] = r.execution_time;
  return out;
}
