/**
 * Runs the server in a child process so that DuckDB work stays off the test's cores. The TypeScript
 * sources of this folder are transpiled once (cached by content hash) into
 * node_modules/.cache/opp-snowflake-server/<hash>/ and the entry is forked; the port comes back over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFailure, encodeOptions, type RpcRequest, type RpcResponse } from './rpc.js';
import type { SnowflakeTestServer, SnowflakeTestServerOptions } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

type Transpile = (source: string, fileName: string) => Promise<string>;

/** esbuild when present (fast: vite brings it), else the TypeScript compiler (a devDependency). */
async function transpiler(): Promise<Transpile> {
  try {
    const esbuild = (await import(/* @vite-ignore */ 'esbuild' as string)) as { transform(code: string, o: object): Promise<{ code: string }> };
    return async (source) => (await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'es2022' })).code;
  } catch {
    const ts = (await import('typescript')).default;
    return async (source, fileName) =>
      ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, isolatedModules: true, sourceMap: false },
        fileName,
      }).outputText;
  }
}

/** Transpiles this folder to JavaScript (cached); returns the path of the child entry. */
export async function buildChildEntry(): Promise<string> {
  const files = await sources(HERE);
  const hash = createHash('sha256');
  const contents = new Map<string, string>();
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    contents.set(f, text);
    hash.update(relative(HERE, f)).update('\0').update(text).update('\0');
  }
  const digest = hash.digest('hex').slice(0, 16);
  const root = join(REPO, 'node_modules', '.cache', 'opp-snowflake-server');
  const out = join(root, digest);
  const entry = join(out, 'child-entry.js');
  if (await exists(entry)) return entry;
  const transpile = await transpiler();
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`;
  for (const [f, text] of contents) {
    const js = await transpile(text, f);
    const dest = join(tmp, relative(HERE, f)).replace(/\.ts$/, '.js');
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, js);
  }
  await writeFile(join(tmp, 'package.json'), '{"type":"module"}\n');
  try {
    await rename(tmp, out);
  } catch {
    await rm(tmp, { recursive: true, force: true }); // another process won the race
  }
  return entry;
}

export async function startChildServer(opts: SnowflakeTestServerOptions): Promise<SnowflakeTestServer> {
  const entry = await buildChildEntry();
  const child: ChildProcess = fork(entry, [JSON.stringify(encodeOptions(opts))], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
    execArgv: [],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exited = false;
  const exitPromise = new Promise<void>((r) => child.once('exit', () => r()));
  child.on('message', (m: RpcResponse) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  child.once('exit', (code) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`snowflake test server exited (${code})`));
    pending.clear();
  });
  const ready = new Promise<{ port: number }>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve(v as { port: number }), reject });
  });
  const { port } = await ready;
  const call = <T>(method: RpcRequest['method'], ...args: unknown[]): Promise<T> => {
    if (exited) return Promise.reject(new Error('snowflake test server is not running'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      child.send({ id, method, args } satisfies RpcRequest);
    });
  };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    account: 'fake',
    connectionOptions: (extra = {}) => ({ accessUrl: url, account: 'fake', ...extra }),
    queries: () => call('queries'),
    clearQueries: () => call('clearQueries'),
    setFailure: (rule) => call('setFailure', rule === null ? null : encodeFailure(rule)),
    sessionCount: () => call('sessionCount'),
    close: async () => {
      if (exited) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await call('close').catch(() => undefined);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
