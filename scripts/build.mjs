// Bundles opp's TypeScript into dist/ with esbuild: one entry per command-line program, shared chunks,
// lazily imported command modules. A bundle starts far faster than ~400 separate ES modules (module
// resolution and the CommonJS export scan dominate a short command's start-up). `npm run typecheck`
// (tsc) checks types; this only transpiles.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Build beside dist/ and swap it in, so a CLI started meanwhile (tests, a second build) never sees a
// half-written or missing dist/.
const staging = `dist.build-${process.pid}`;
rmSync(join(root, staging), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts', 'src/demo/main.ts'],
  outdir: staging,
  outbase: 'src',
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Native drivers stay in node_modules; nunjucks too, because compile patches its runtime module and
  // must see the same copy that `require('nunjucks/src/...')` loads.
  external: ['@duckdb/node-api', 'snowflake-sdk', 'nunjucks', 'nunjucks/*'],
  // CommonJS dependencies bundled into ES modules still call require() for Node built-ins.
  banner: { js: "import { createRequire as __oppCreateRequire } from 'node:module'; const require = __oppCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

rmSync(join(root, 'dist.old'), { recursive: true, force: true });
try {
  renameSync(join(root, 'dist'), join(root, `dist.old-${process.pid}`));
} catch {
  // no previous dist/
}
renameSync(join(root, staging), join(root, 'dist'));
rmSync(join(root, `dist.old-${process.pid}`), { recursive: true, force: true });
