import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';

/** Every tag name the output contains. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1]!.toLowerCase());
}
const ALLOWED = new Set(['p', 'ul', 'ol', 'li', 'code', 'pre', 'a', 'strong', 'em', 'h3', 'h4', 'h5', 'h6']);

describe('renderMarkdown', () => {
  it('renders paragraphs separated by blank lines', () => {
    expect(renderMarkdown('One row per order.\nStill the first.\n\nSecond paragraph.')).toBe(
      '<p>One row per order.\nStill the first.</p>\n<p>Second paragraph.</p>',
    );
  });

  it('renders bullet and numbered lists, with continuation lines', () => {
    expect(renderMarkdown('Statuses:\n- placed\n- shipped\n  and delivered\n* returned')).toBe(
      '<p>Statuses:</p>\n<ul><li>placed</li><li>shipped\nand delivered</li><li>returned</li></ul>',
    );
    expect(renderMarkdown('1. first\n2) second')).toBe('<ol><li>first</li><li>second</li></ol>');
    expect(renderMarkdown('- a\n1. b')).toBe('<ul><li>a</li></ul>\n<ol><li>b</li></ol>');
  });

  it('renders inline code literally and fenced code blocks escaped', () => {
    expect(renderMarkdown('Use `**not bold** <b>` here')).toBe('<p>Use <code>**not bold** &lt;b&gt;</code> here</p>');
    expect(renderMarkdown('```sql\nselect * from t where a < 1\n```\nafter')).toBe(
      '<pre><code class="language-sql">select * from t where a &lt; 1</code></pre>\n<p>after</p>',
    );
    expect(renderMarkdown('``a ` b``')).toBe('<p><code>a ` b</code></p>');
  });

  it('renders links with safe targets, external ones in a new tab', () => {
    expect(renderMarkdown('See [the runbook](https://example.com/a_b?x=1&y=2).')).toBe(
      '<p>See <a href="https://example.com/a_b?x=1&amp;y=2" target="_blank" rel="noopener noreferrer">the runbook</a>.</p>',
    );
    expect(renderMarkdown('[orders](#!/node/model.shop.orders)')).toBe('<p><a href="#!/node/model.shop.orders">orders</a></p>');
    expect(renderMarkdown('[mail](mailto:data@example.com)')).toContain('href="mailto:data@example.com"');
  });

  it('renders bold, italic and headings, and leaves snake_case alone', () => {
    expect(renderMarkdown('**key** and *note* in stg_orders_items; 2 * 3 * 4')).toBe(
      '<p><strong>key</strong> and <em>note</em> in stg_orders_items; 2 * 3 * 4</p>',
    );
    expect(renderMarkdown('# Orders\ntext')).toBe('<h3>Orders</h3>\n<p>text</p>');
  });

  it('escapes raw HTML: no script, no event handler, no iframe', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <iframe src="//evil">\n- <b onclick="x()">b</b>');
    expect(html).not.toMatch(/<script|<img|<iframe|<b /i);
    expect(tags(html).every((t) => ALLOWED.has(t))).toBe(true);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses javascript:, data: and other schemes, and attribute break-outs in links', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', 'file:///etc/passwd']) {
      const html = renderMarkdown(`[click](${url})`);
      expect(html).not.toContain('<a');
      expect(html.toLowerCase()).not.toContain('href');
    }
    // A quote cannot end the href attribute and start a new one.
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1))');
    expect(html).not.toMatch(/<a[^>]*onmouseover/);
    // Entities and tabs cannot smuggle a scheme either.
    expect(renderMarkdown('[x](java&#9;script:alert(1))')).not.toMatch(/href="java/);
    expect(renderMarkdown('[x](java\tscript:alert(1))')).not.toContain('<a');
  });

  it('escapes markup inside link labels and code, and handles empty input', () => {
    expect(renderMarkdown('[<em>x</em>](https://a.example)')).toContain('>&lt;em&gt;x&lt;/em&gt;</a>');
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown(undefined as unknown as string)).toBe('');
  });

  it('is the same function when shipped as source text to the browser', () => {
    const shipped = new Function(`${renderMarkdown.toString()}\nreturn renderMarkdown;`)() as typeof renderMarkdown;
    const text = '# T\n\n- a `b`\n- [c](https://d.example)\n\n```\n<x>\n```';
    expect(shipped(text)).toBe(renderMarkdown(text));
  });
});
