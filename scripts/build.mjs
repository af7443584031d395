// Bundles opp's TypeScript into dist/ with esbuild: one entry per command-line program, shared chunks,
// lazily imported command modules. A bundle starts far faster than ~400 separate ES modules (module
// resolution and the CommonJS export scan dominate a short command's start-up). `npm run typecheck`
// (tsc) checks types; this only transpiles.
import { build } from 'esbuild';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `@duckdb/node-api` is CommonJS. Imported from an ES module, Node runs its CommonJS export scanner over
 * the package's ~60 re-exported files on every start (measured: 0.35 s of CPU, more than loading the
 * driver itself). The bundle instead loads it with `require()` through a small ES module that re-exports
 * the package's names, listed here at build time.
 */
const cjsShims = {
  name: 'cjs-shims',
  setup(b) {
    // imports only: the shim's own require() stays external
    b.onResolve({ filter: /^@duckdb\/node-api$/ }, (args) => (args.kind === 'require-call' ? undefined : { path: args.path, namespace: 'cjs-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'cjs-shim' }, (args) => {
      const names = Object.keys(createRequire(join(root, 'package.json'))(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      return {
        contents: [
          `const m = require(${JSON.stringify(args.path)});`,
          'export default m;',
          `export const { ${names.join(', ')} } = m;`,
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
// `node scripts/build.mjs [folder]`: the output folder, `dist` by default (another folder gives a second
// build to compare with, e.g. in benchmarks; it needs a node_modules/ beside it or above it).
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
// Build beside the output folder and swap it in, so a CLI started meanwhile (tests, a second build) never
// sees a half-written or missing dist/.
const staging = `${outDir}.build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });

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
  plugins: [cjsShims],
  logLevel: 'warning',
});

// Pure-ASCII output. esbuild escapes non-ASCII characters in strings and regular expressions but keeps
// them in the comments it preserves; one `→` makes V8 hold the whole chunk as a two-byte string, which
// is slower to decode and to compile (measured: ~60 ms more CPU to load the main chunk). Only comments
// remain to escape here, so this changes no behaviour.
for (const entry of readdirSync(staging, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  const text = readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

rmSync(`${outDir}.old`, { recursive: true, force: true });
try {
  renameSync(outDir, `${outDir}.old-${process.pid}`);
} catch {
  // no previous build
}
renameSync(staging, outDir);
rmSync(`${outDir}.old-${process.pid}`, { recursive: true, force: true });
