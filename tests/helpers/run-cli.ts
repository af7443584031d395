import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './project-fixture.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines with dbt's `HH:MM:SS  ` timestamp prefix removed. */
  readonly lines: string[];
}

const OPP_BIN = join(REPO_ROOT, 'bin', 'opp');

/** Runs the built CLI (`bin/opp` → `dist/`) as a child process, as a user would. */
export function runCli(
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env })) {
      if (v !== undefined) env[k] = v;
    }
    // Profiles must come from the fixture, never from the developer's home or environment.
    if (!opts.env || !('OPP_PROFILES_DIR' in opts.env)) delete env.OPP_PROFILES_DIR;
    const child = spawn(process.execPath, [OPP_BIN, ...args], { cwd: opts.cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = stdout.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/, ''));
      resolvePromise({ code: code ?? -1, stdout, stderr, lines });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
