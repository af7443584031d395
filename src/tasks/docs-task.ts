import { join } from 'node:path';
import { createAdapter } from '../adapters/index.js';
import { buildManifestJson } from '../artifacts/index.js';
import { buildCatalog, buildEmptyCatalog, writeDocsSite } from '../docs/index.js';
import type { RunEvent } from '../run/index.js';
import { OPP_VERSION } from '../util/version.js';
import { runCompileTask } from './compile-task.js';
import type { SelectionFlags } from './node-task.js';
import type { SessionOptions } from './project-session.js';

export interface DocsGenerateOptions extends SessionOptions, SelectionFlags {
  readonly onEvent: (event: RunEvent) => void;
  /** `--no-compile`: skip the run pass (the site then shows raw SQL only). */
  readonly compile?: boolean;
  /** `--empty-catalog`: do not query the warehouse for column types. */
  readonly emptyCatalog?: boolean;
}

/**
 * `opp docs generate`: compiles the project (so pages show compiled SQL), reads the catalog (column types,
 * relation kinds) from the warehouse, and writes `target/index.html`, `manifest.json` and `catalog.json`.
 */
export async function runDocsGenerateTask(opts: DocsGenerateOptions): Promise<{ indexPath: string; errors: readonly string[] }> {
  const compiled = await runCompileTask({ ...opts, command: 'docs generate' });
  const { session } = compiled;
  const { config, manifest, dialect } = session;
  const manifestJson = buildManifestJson(manifest, {
    oppVersion: OPP_VERSION,
    invocationId: session.invocationId,
    targetPath: config.targetPath,
    relationName: (rel) => dialect.relationName(rel),
  }) as { nodes: Record<string, Record<string, unknown>> };
  if (opts.compile !== false) {
    for (const node of compiled.compiled) {
      const json = manifestJson.nodes[node.uniqueId];
      if (json) json.compiled_code = node.compiledCode;
    }
  }
  let catalog;
  if (opts.emptyCatalog) catalog = buildEmptyCatalog({ oppVersion: OPP_VERSION, invocationId: session.invocationId });
  else {
    const adapter = await createAdapter(session.target);
    await adapter.connect();
    try {
      catalog = await buildCatalog(adapter, manifest, { oppVersion: OPP_VERSION, invocationId: session.invocationId });
    } finally {
      await adapter.close();
    }
  }
  const errors = (catalog.errors ?? []).map(String);
  for (const e of errors) opts.onEvent({ kind: 'log', level: 'warn', message: e });
  const site = await writeDocsSite(join(config.rootDir, config.targetPath), manifestJson, catalog, { oppVersion: OPP_VERSION });
  opts.onEvent({ kind: 'log', level: 'info', message: `Catalog written to ${join(config.targetPath, 'catalog.json')}` });
  opts.onEvent({ kind: 'log', level: 'info', message: `Docs site written to ${join(config.targetPath, 'index.html')} (${site.nodeCount} nodes)` });
  return { indexPath: site.indexPath, errors };
}
