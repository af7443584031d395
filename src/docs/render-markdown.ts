/**
 * A minimal, safe Markdown renderer for descriptions: paragraphs, headings, bullet and numbered lists,
 * fenced code blocks, inline code, links, bold and italic. Everything else is escaped text: the output
 * never contains a tag or attribute that did not come from this function, and link targets are limited
 * to http(s), mailto, in-page anchors and relative paths (no `javascript:`, `data:`, ...).
 *
 * Self-contained (no imports, no outer references): the docs page ships `renderMarkdown.toString()` so
 * the browser runs exactly the code the unit tests exercise.
 */
export function renderMarkdown(source: string): string {
  const escapeHtml = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

  const safeUrl = (url: string): string | null => {
    // Characters a browser strips or that end an attribute never reach here (see LINK), but be strict.
    if (/[\u0000-\u0020\u007f"'<>`\\]/.test(url)) return null;
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
    if (scheme) {
      const s = scheme[1]!.toLowerCase();
      if (s !== 'http' && s !== 'https' && s !== 'mailto') return null;
    }
    return url;
  };

  // Inline markup on raw (unescaped) text: code spans first (their content is literal), then links,
  // then emphasis on the escaped remainder.
  const inline = (text: string): string => {
    const out: string[] = [];
    const emphasis = (plain: string): string =>
      escapeHtml(plain)
        .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\w])/g, '$1<em>$2</em>');
    const linkPattern = /\[([^\[\]]*)\]\(([^()\s]*)\)/g;
    const withLinks = (plain: string): string => {
      let result = '';
      let last = 0;
      let match: RegExpExecArray | null;
      linkPattern.lastIndex = 0;
      while ((match = linkPattern.exec(plain)) !== null) {
        result += emphasis(plain.slice(last, match.index));
        const url = safeUrl(match[2]!);
        const label = emphasis(match[1]!) || escapeHtml(match[2]!);
        if (url === null || url === '') result += label;
        else {
          const external = /^(https?|mailto):/i.test(url);
          result += `<a href="${escapeHtml(url)}"${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${label}</a>`;
        }
        last = match.index + match[0].length;
      }
      return result + emphasis(plain.slice(last));
    };
    let rest = text;
    for (;;) {
      const open = rest.indexOf('`');
      if (open < 0) break;
      let ticks = 1;
      while (rest[open + ticks] === '`') ticks++;
      const fence = '`'.repeat(ticks);
      const close = rest.indexOf(fence, open + ticks);
      if (close < 0) break;
      out.push(withLinks(rest.slice(0, open)));
      out.push(`<code>${escapeHtml(rest.slice(open + ticks, close).trim())}</code>`);
      rest = rest.slice(close + ticks);
    }
    out.push(withLinks(rest));
    return out.join('');
  };

  const lines = String(source ?? '')
    .replace(/\u0000/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) html.push(`<p>${inline(paragraph.join('\n'))}</p>`);
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${tag}>`);
    }
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flushParagraph();
      flushList();
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(marker)) body.push(lines[i++]!);
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      html.push(`<pre><code${lang}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(6, heading[1]!.length + 2);
      html.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      continue;
    }
    const bullet = /^\s*([-*+])\s+(.*)$/.exec(line);
    const numbered = bullet ? null : /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const ordered = numbered !== null;
      flushParagraph();
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![2]!);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // A continuation line of the current item.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line);
  }
  flushParagraph();
  flushList();
  return html.join('\n');
}
