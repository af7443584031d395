import { describe, expect, it } from 'vitest';
import { nunjucks } from './nunjucks-internals.js';
import { FastTokenizer, type Token } from './template-lexer.js';

function tokens(next: () => Token | null): Token[] {
  const out: Token[] = [];
  for (let t = next(); t; t = next()) out.push({ type: t.type, value: t.value, lineno: t.lineno, colno: t.colno });
  return out;
}

function both(src: string): { fast: Token[] | string; nunjucks: Token[] | string } {
  let fast: Token[] | string;
  let nj: Token[] | string;
  try {
    const t = new FastTokenizer(src);
    fast = tokens(() => t.nextToken());
  } catch (e) {
    fast = `error: ${(e as Error).message}`;
  }
  try {
    const t = nunjucks.lexer.lex(src, {});
    nj = tokens(() => t.nextToken() as Token | null);
  } catch (e) {
    nj = `error: ${(e as Error).message}`;
  }
  return { fast, nunjucks: nj };
}

describe('FastTokenizer', () => {
  const samples = [
    'select 1',
    "select * from {{ ref('orders') }}\nwhere x = 1",
    "{%- if is_incremental() -%}\n  where updated_at > (select max(updated_at) from {{ this }})\n{%- endif %}",
    "{% for c in ['a', 'b'] %}{{ c }}{% if not loop.last %},{% endif %}{% endfor %}",
    "{# a comment {{ ref('x') }} #}text{#- trimmed -#}",
    '{{ a == b }} {{ a === b }} {{ a != b }} {{ a !== b }} {{ a <= b }} {{ 2 ** 3 }} {{ 7 // 2 }}',
    '{{ 1.5 + 2 - -3 }} {{ x | default(none) }} {{ true and false or null }}',
    "{% set d = {'k': [1, 2]} %}{{ d['k'][0] }}",
    'text with { braces } and # hashes and % percent',
    "{{ 'str with }} inside' }} {{ \"dq\" }}",
    '{% raw %}{{ not parsed }}{% endraw %}',
    'stray #} here',
    '{# unclosed',
    "{{ x ~ 'y' }}\r\n{{- z -}}\t{% macro m(a, b=1) %}{{ a }}{% endmacro %}",
    '\u00a0{{\u00a0x\u00a0}}',
    '{{ r/abc/g }}',
    '{{ a.b.c(d, e=f)[0:2] }}',
  ];

  it('produces the same tokens and positions as Nunjucks', () => {
    for (const src of samples) {
      const r = both(src);
      expect(r.fast, JSON.stringify(src)).toEqual(r.nunjucks);
    }
  });

  it('decodes strings with Python escapes (Nunjucks drops unknown ones)', () => {
    const t = new FastTokenizer("{{ '\\d+\\n\\'x\\\\' }}");
    const toks = tokens(() => t.nextToken());
    expect(toks.find((k) => k.type === 'string')?.value).toBe("\\d+\n'x\\");
  });

  it('matches Nunjucks on generated templates', () => {
    let seed = 3;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['{{', '}}', '{%', '%}', '{#', '#}', '-', ' ', '\n', "'s'", '"d"', '(', ')', 'abc', '12', '3.5', '.', ',', '|', '{', '}', '#', '%', '==', '!', 'true', 'none', '\t'];
    for (let i = 0; i < 2000; i++) {
      let src = '';
      for (let j = 0; j < 1 + rand(14); j++) src += pieces[rand(pieces.length)];
      const r = both(src);
      expect(r.fast, JSON.stringify(src)).toEqual(r.nunjucks);
    }
  });
});
