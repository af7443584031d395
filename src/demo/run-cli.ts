/** executeOppCli: runs the real command line (`bin/opp ...`) as a child process, output passed through. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly seconds: number;
}

/**
 * Runs `node <repo>/bin/opp <args>` in `cwd` with `env` added to this process's environment. stdout and
 * stderr go straight to this process's (the user sees opp's own progress lines). Resolves with the exit
 * code; a signal-killed child counts as exit code 1.
 */
export function executeOppCli(repoRoot: string, args: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'opp'), ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({ args, exitCode: code ?? 1, seconds: (performance.now() - started) / 1000 });
    });
  });
}
