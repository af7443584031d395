import { scrubReplacer } from '../artifacts/index.js';
import { scrubSecrets } from '../errors/index.js';
import { CLIENT_APP_JS } from './client-app.js';
import { CLIENT_CSS } from './client-styles.js';
import { layoutDag } from './layout-dag.js';
import { renderMarkdown } from './render-markdown.js';
import { buildLineageSubset, selectGraphNodes } from './select-graph.js';
import type { DocsData } from './types.js';

/**
 * The script the page runs: the pure functions (shipped as their own source text, so the unit-tested
 * code is the code that runs), then the application.
 */
export function buildClientScript(): string {
  return [layoutDag, renderMarkdown, selectGraphNodes, buildLineageSubset].map((fn) => fn.toString()).join('\n') + '\n' + CLIENT_APP_JS;
}

/**
 * JSON that is safe inside `<script type="application/json">`: every `<` (so no `</script>` or `<!--`)
 * and the two line separators JavaScript once treated as newlines are written as \u escapes, which
 * JSON.parse reads back unchanged. Strings pass through `scrubSecrets`.
 */
export function renderEmbeddedJson(value: unknown): string {
  return JSON.stringify(value, scrubReplacer).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline script text must not contain `</script`; ours never does, but make it impossible. */
function safeScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The whole docs site as one HTML page (styles, script and data inline): no network access, works from
 * file:// and from `opp docs serve`. A strict Content-Security-Policy forbids every fetch and any script
 * but the page's own.
 */
export function renderDocsHtml(data: DocsData): string {
  const title = `${data.project} docs`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="opp${data.oppVersion ? ` ${escapeHtml(data.oppVersion)}` : ''}">
<title>${escapeHtml(title)}</title>
<style>${CLIENT_CSS}</style>
</head>
<body>
<header><a class="brand" href="#!/"><span id="project-name">${escapeHtml(data.project)}</span><small>docs</small></a>
<input id="search" type="search" placeholder="Search models, sources, seeds, tests, columns (press /)" autocomplete="off" spellcheck="false">
<nav><a href="#!/">Overview</a><a href="#!/graph?select=">Lineage graph</a></nav></header>
<div id="layout"><aside id="sidebar"></aside><main id="main"><noscript>The docs site needs JavaScript.</noscript></main></div>
<script id="opp-data" type="application/json">${renderEmbeddedJson(data)}</script>
<script>${safeScript(buildClientScript())}</script>
</body>
</html>
`;
  return scrubSecrets(html);
}
