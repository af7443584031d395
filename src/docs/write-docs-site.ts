import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonArtifact } from '../artifacts/index.js';
import { buildDocsData } from './build-docs-data.js';
import { renderDocsHtml } from './render-docs-html.js';
import type { CatalogJson } from './types.js';

export interface WriteDocsSiteOptions {
  /** Written into the page footer/meta. */
  readonly oppVersion?: string;
  /**
   * Also write manifest.json and catalog.json next to index.html, as `dbt docs generate` does. Default
   * true; pass false when the caller has written manifest.json itself (catalog.json is still written).
   */
  readonly writeManifest?: boolean;
  /** Default true. */
  readonly writeCatalog?: boolean;
}

export interface DocsSiteFiles {
  readonly indexPath: string;
  readonly manifestPath?: string;
  readonly catalogPath?: string;
  /** Size of index.html in bytes. */
  readonly indexBytes: number;
  /** Nodes and sources on the page. */
  readonly nodeCount: number;
}

/**
 * Writes the static docs site into `dir` (the target folder): `index.html` with the page data embedded
 * (so it works from file:// with no fetch), plus `manifest.json` and `catalog.json`. `manifest` is dbt's
 * manifest.json object (`buildManifestJson`, optionally with `compiled_code` on the nodes); `catalog` is
 * `buildCatalog`'s result (or any dbt catalog.json object). Everything is scrubbed of registered
 * secrets; each file is written to a temporary name and renamed.
 */
export async function writeDocsSite(
  dir: string,
  manifest: object,
  catalog: CatalogJson | object,
  opts: WriteDocsSiteOptions = {},
): Promise<DocsSiteFiles> {
  const manifestJson = manifest as Readonly<Record<string, unknown>>;
  const catalogJson = catalog as Readonly<Record<string, unknown>>;
  await mkdir(dir, { recursive: true });
  const data = buildDocsData(manifestJson, catalogJson, opts.oppVersion !== undefined ? { oppVersion: opts.oppVersion } : {});
  const html = renderDocsHtml(data);
  const indexPath = join(dir, 'index.html');
  const tmp = `${indexPath}.${process.pid}.tmp`;
  const writes: Promise<unknown>[] = [];
  writes.push(
    writeFile(tmp, html)
      .then(() => rename(tmp, indexPath))
      .catch(async (err: unknown) => {
        await rm(tmp, { force: true });
        throw err;
      }),
  );
  const manifestPath = opts.writeManifest === false ? undefined : join(dir, 'manifest.json');
  const catalogPath = opts.writeCatalog === false ? undefined : join(dir, 'catalog.json');
  if (manifestPath) writes.push(writeJsonArtifact(manifestPath, manifestJson));
  if (catalogPath) writes.push(writeJsonArtifact(catalogPath, catalogJson));
  const settled = await Promise.allSettled(writes); // never leave a write running behind a rejection
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return {
    indexPath,
    ...(manifestPath ? { manifestPath } : {}),
    ...(catalogPath ? { catalogPath } : {}),
    indexBytes: Buffer.byteLength(html),
    nodeCount: data.nodes.length,
  };
}
