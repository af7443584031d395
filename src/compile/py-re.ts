/**
 * A subset of Python's `re` module for templates (`modules.re`): `match`, `search`, `fullmatch`, `sub`,
 * `findall`, `split`, `compile`, `escape` and the common flags. Python pattern syntax that JavaScript
 * spells differently (`(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, leading inline flags) is translated.
 */

export const RE_FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64, A: 256, ASCII: 256 } as const;

function translate(pattern: string, flags: number): { source: string; flags: string } {
  let src = String(pattern);
  let f = '';
  let pyFlags = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const c of inline[1]!) {
      if (c === 'i') pyFlags |= RE_FLAGS.I;
      if (c === 'm') pyFlags |= RE_FLAGS.M;
      if (c === 's') pyFlags |= RE_FLAGS.S;
      if (c === 'x') pyFlags |= RE_FLAGS.X;
    }
  }
  if (pyFlags & RE_FLAGS.I) f += 'i';
  if (pyFlags & RE_FLAGS.M) f += 'm';
  if (pyFlags & RE_FLAGS.S) f += 's';
  if (pyFlags & RE_FLAGS.X) src = src.replace(/\\#/g, '\u0000').replace(/#.*$/gm, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  src = src
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  return { source: src, flags: f };
}

export class PyMatch {
  constructor(private readonly m: RegExpExecArray, readonly string: string) {}
  group(...which: unknown[]): unknown {
    if (which.length === 0) return this.m[0];
    const pick = (g: unknown): unknown => {
      const v = typeof g === 'number' ? this.m[g] : this.m.groups?.[String(g)];
      return v === undefined ? null : v;
    };
    return which.length === 1 ? pick(which[0]) : which.map(pick);
  }
  groups(defaultValue: unknown = null): unknown[] {
    return this.m.slice(1).map((v) => (v === undefined ? defaultValue : v));
  }
  groupdict(defaultValue: unknown = null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.m.groups ?? {})) out[k] = v === undefined ? defaultValue : v;
    return out;
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + this.m[0].length;
  }
  span(): [number, number] {
    return [this.start(), this.end()];
  }
  __str__(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.m[0]}'>`;
  }
}

function expandTemplate(repl: string, m: RegExpExecArray): string {
  return repl.replace(/\\(?:g<([^>]+)>|(\d{1,2})|(.))/g, (all, named: string | undefined, num: string | undefined, esc: string | undefined) => {
    if (named !== undefined) return (/^\d+$/.test(named) ? m[Number(named)] : m.groups?.[named]) ?? '';
    if (num !== undefined) return m[Number(num)] ?? '';
    if (esc === 'n') return '\n';
    if (esc === 't') return '\t';
    if (esc === '\\') return '\\';
    return all;
  });
}

export class PyPattern {
  readonly pattern: string;
  readonly flags: number;
  private readonly source: string;
  private readonly jsFlags: string;

  constructor(pattern: string, flags = 0) {
    this.pattern = String(pattern);
    this.flags = Number(flags) || 0;
    const t = translate(this.pattern, this.flags);
    this.source = t.source;
    this.jsFlags = t.flags;
  }
  private re(extra = ''): RegExp {
    return new RegExp(this.source, this.jsFlags + extra);
  }
  match(s: string): PyMatch | null {
    const re = this.re('y');
    re.lastIndex = 0;
    const m = re.exec(String(s));
    return m ? new PyMatch(m, String(s)) : null;
  }
  fullmatch(s: string): PyMatch | null {
    const re = new RegExp(`(?:${this.source})$`, this.jsFlags + 'y');
    const m = re.exec(String(s));
    return m ? new PyMatch(m, String(s)) : null;
  }
  search(s: string): PyMatch | null {
    const m = this.re().exec(String(s));
    return m ? new PyMatch(m, String(s)) : null;
  }
  findall(s: string): unknown[] {
    const out: unknown[] = [];
    for (const m of String(s).matchAll(this.re('g'))) {
      if (m.length <= 1) out.push(m[0]);
      else if (m.length === 2) out.push(m[1] ?? '');
      else out.push(m.slice(1).map((v) => v ?? ''));
    }
    return out;
  }
  sub(repl: unknown, s: string, count = 0): string {
    let n = 0;
    const limit = Number(count) || 0;
    return String(s).replace(this.re('g'), (...args: unknown[]) => {
      if (limit > 0 && n >= limit) return args[0] as string;
      n++;
      const last = args[args.length - 1];
      const hasGroups = typeof last === 'object' && last !== null;
      const groupCount = args.length - (hasGroups ? 4 : 3) + 1;
      const m = Object.assign(args.slice(0, groupCount) as string[], {
        index: args[groupCount] as number,
        input: String(s),
        groups: hasGroups ? (last as Record<string, string>) : undefined,
      }) as unknown as RegExpExecArray;
      if (typeof repl === 'function') return String((repl as (m: PyMatch) => unknown)(new PyMatch(m, String(s))));
      return expandTemplate(String(repl), m);
    });
  }
  split(s: string, maxsplit = 0): string[] {
    const parts = String(s).split(this.re('g'));
    const limit = Number(maxsplit) || 0;
    if (limit <= 0 || parts.length <= limit + 1) return parts;
    return parts.slice(0, limit).concat(parts.slice(limit).join(''));
  }
}

function kwFlags(args: unknown[], position: number): number {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
    args.pop();
    const f = (last as Record<string, unknown>)['flags'];
    if (f !== undefined) return Number(f);
  }
  return Number(args[position] ?? 0) || 0;
}

export function buildReModule(): Record<string, unknown> {
  return {
    ...RE_FLAGS,
    compile: (p: string, ...rest: unknown[]) => new PyPattern(p, kwFlags(rest, 0)),
    match: (p: string, s: string, ...rest: unknown[]) => new PyPattern(p, kwFlags(rest, 0)).match(s),
    fullmatch: (p: string, s: string, ...rest: unknown[]) => new PyPattern(p, kwFlags(rest, 0)).fullmatch(s),
    search: (p: string, s: string, ...rest: unknown[]) => new PyPattern(p, kwFlags(rest, 0)).search(s),
    findall: (p: string, s: string, ...rest: unknown[]) => new PyPattern(p, kwFlags(rest, 0)).findall(s),
    sub: (p: string, repl: unknown, s: string, ...rest: unknown[]) => {
      const flags = kwFlags(rest, 1);
      return new PyPattern(p, flags).sub(repl, s, Number(rest[0] ?? 0));
    },
    split: (p: string, s: string, ...rest: unknown[]) => {
      const flags = kwFlags(rest, 1);
      return new PyPattern(p, flags).split(s, Number(rest[0] ?? 0));
    },
    escape: (s: string) => String(s).replace(/[.*+?^${}()|[\]\\\-/#&~ ]/g, '\\$&'),
  };
}
