import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../errors/index.js';
import { buildClientScript, renderDocsHtml, renderEmbeddedJson } from './render-docs-html.js';
import type { DocsData } from './types.js';

const EVIL = '</script><script>alert(1)</script><!-- \u2028';
const data: DocsData = {
  project: 'shop<b>',
  generatedAt: '2024-05-06T12:34:56Z',
  nodes: [
    { id: 'model.shop.a', name: 'a', type: 'model', pkg: 'shop', folder: [], description: EVIL, raw: 'select 1 -- </SCRIPT>' },
    { id: 'model.shop.b', name: 'b', type: 'model', pkg: 'shop', folder: ['marts'], deps: [0] },
  ],
};

/** The JSON inside <script id="opp-data">, parsed back. */
function embedded(html: string): unknown {
  const m = /<script id="opp-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1]!);
}

describe('renderDocsHtml', () => {
  afterEach(() => clearSecrets());

  it('embeds the data so that no string can close the script block, and reads back unchanged', () => {
    const html = renderDocsHtml(data);
    expect(html.match(/<script/gi)?.length).toBe(2); // the data block and the app, nothing injected
    expect(html.match(/<\/script/gi)?.length).toBe(2);
    expect(embedded(html)).toEqual(data);
    expect(renderEmbeddedJson({ s: '<x>' })).toBe('{"s":"\\u003cx>"}');
  });

  it('escapes the project name in the page chrome', () => {
    const html = renderDocsHtml(data);
    expect(html).toContain('<title>shop&lt;b&gt; docs</title>');
    expect(html).not.toContain('shop<b>');
  });

  it('ships a script that parses, and needs no network', () => {
    const script = buildClientScript();
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|importScripts|\beval\(/);
    const html = renderDocsHtml(data);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('scrubs registered secrets from the page', () => {
    registerSecret('s3cr3t-token-value');
    const html = renderDocsHtml({ ...data, nodes: [{ ...data.nodes[0]!, raw: "select 's3cr3t-token-value'" }] });
    expect(html).not.toContain('s3cr3t-token-value');
    expect(html).toContain('****');
  });
});
