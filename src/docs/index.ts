export {
  buildCatalog,
  buildCatalogJson,
  buildEmptyCatalog,
  buildWantedRelations,
  fetchCatalogRelations,
  type CatalogFetch,
  type CatalogOptions,
  type FetchedRelation,
} from './build-catalog.js';
export { buildDocsData, type DocsDataOptions } from './build-docs-data.js';
export { layoutDag, type DagLayout, type LayoutOptions } from './layout-dag.js';
export { renderMarkdown } from './render-markdown.js';
export { renderDocsHtml, renderEmbeddedJson, buildClientScript } from './render-docs-html.js';
export { selectGraphNodes, buildLineageSubset, type SelectableNode, type LineageSubset } from './select-graph.js';
export { serveDocs, resolveRequestPath, type DocsServer, type ServeDocsOptions } from './serve-docs.js';
export { writeDocsSite, type WriteDocsSiteOptions, type DocsSiteFiles } from './write-docs-site.js';
export * from './types.js';
