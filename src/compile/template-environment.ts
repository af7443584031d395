import { CompileError, type SourceLocation } from '../errors/index.js';
import { closestMatch } from '../util/did-you-mean.js';
import { buildFilters, buildTests } from './jinja-filters.js';
import { nunjucks, type NjNode, type NjParser, type NjNodes } from './nunjucks-internals.js';
import { generateTemplateCode, parseTemplateAst } from './template-compiler.js';
import { FastTokenizer } from './template-lexer.js';
import { MacroReturn, oppRuntime } from './template-runtime.js';

/**
 * The Nunjucks environment opp renders dbt's Jinja with: autoescape off, dbt's filters and tests, the
 * `{% do %}` and `{% test %}` tags, and opp's compiler and runtime (see `template-compiler.ts` and
 * `template-runtime.ts`). One environment serves every template of a process; templates are compiled once
 * (`compileTemplate`) and rendered many times (`renderTemplate`).
 */

export type RootRenderFunction = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void) => void;

export interface CompiledTemplate {
  /** Project-relative file the template came from (errors point here). */
  readonly file: string;
  /** Generated JavaScript, cacheable: `instantiateTemplate(code, file)` rebuilds the template from it. */
  readonly code: string;
  readonly root: RootRenderFunction;
  readonly blocks: Readonly<Record<string, RootRenderFunction>>;
}

export interface ParsedTemplate {
  readonly ast: NjNode;
  readonly file: string;
}

/** `{% do expr %}`: evaluates an expression for its side effects. */
const doExtension = {
  tags: ['do'],
  parse(parser: NjParser, nodes: NjNodes): NjNode {
    const tok = parser.nextToken()!;
    const expr = parser.parseExpression();
    parser.advanceAfterBlockEnd(tok.value as string);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tok.lineno, tok.colno, [expr]), []);
  },
  run(): string {
    return '';
  },
};

/** `{% test name(model, column_name) %}...{% endtest %}`: a generic test, compiled as the macro `test_<name>`. */
const testExtension = {
  tags: ['test'],
  parse(parser: NjParser, nodes: NjNodes): NjNode {
    const tok = parser.nextToken()!;
    const name = parser.parsePrimary(true);
    if (name.typename !== 'Symbol') parser.fail('expected a test name after {% test', name.lineno, name.colno);
    const args = parser.parseSignature();
    parser.advanceAfterBlockEnd(tok.value as string);
    const body = parser.parseUntilBlocks('endtest');
    parser.advanceAfterBlockEnd();
    const macroName = new nodes.Symbol(name.lineno, name.colno, `test_${name['value'] as string}`);
    return new nodes.Macro(tok.lineno, tok.colno, macroName, args, body);
  },
};

const KNOWN_TAGS = [
  'if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset', 'macro', 'endmacro', 'call', 'endcall',
  'filter', 'endfilter', 'raw', 'endraw', 'do', 'test', 'endtest', 'block', 'endblock', 'import', 'from',
  'include', 'extends', 'switch', 'case', 'default', 'endswitch',
];

/** The shared context object templates read (`ctx`), with Nunjucks' Context API. */
export class TemplateContext {
  readonly ctx: Record<string, unknown>;
  readonly env: { globals: Record<string, unknown> };
  readonly blocks: Record<string, RootRenderFunction[]> = {};
  readonly exported: string[] = [];

  constructor(ctx: Record<string, unknown>, env: { globals: Record<string, unknown> }, blocks?: Readonly<Record<string, RootRenderFunction>>) {
    this.ctx = ctx;
    this.env = env;
    if (blocks) for (const [name, fn] of Object.entries(blocks)) this.addBlock(name, fn);
  }
  lookup(name: string): unknown {
    const v = this.ctx[name];
    return v !== undefined ? v : this.env.globals[name];
  }
  setVariable(name: string, val: unknown): void {
    this.ctx[name] = val;
  }
  getVariables(): Record<string, unknown> {
    return this.ctx;
  }
  addBlock(name: string, block: RootRenderFunction): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): RootRenderFunction {
    const b = this.blocks[name]?.[0];
    if (!b) throw new Error(`unknown block "${name}"`);
    return b;
  }
  getSuper(env: unknown, name: string, block: RootRenderFunction, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void): void {
    const list = this.blocks[name] ?? [];
    const next = list[list.indexOf(block) + 1];
    if (!next) throw new Error(`no super block available for "${name}"`);
    next(env, this, frame, runtime, cb);
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((n) => [n, this.ctx[n]]));
  }
}

export class TemplateEnvironment {
  /** The Nunjucks Environment (filters, tests, extensions); templates never load other templates. */
  readonly env: {
    globals: Record<string, unknown>;
    extensionsList: unknown[];
    getFilter(name: string): (...a: unknown[]) => unknown;
    getTest(name: string): (...a: unknown[]) => boolean;
    addFilter(name: string, fn: unknown): void;
    addTest(name: string, fn: unknown): void;
    addExtension(name: string, ext: unknown): void;
    filters: Record<string, unknown>;
  };

  constructor() {
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    this.env.addExtension('do', doExtension);
    this.env.addExtension('test', testExtension);
    for (const [name, fn] of Object.entries(buildFilters(this.env as never))) this.env.addFilter(name, fn);
    for (const [name, fn] of Object.entries(buildTests())) this.env.addTest(name, fn);
    // Nunjucks' own globals (range, cycler, joiner) are replaced by the dbt context's.
    for (const k of Object.keys(this.env.globals)) delete this.env.globals[k];
    // Unknown filters and tests are template errors with did-you-mean (instance methods, not prototypes).
    const env = this.env as unknown as { filters: Record<string, unknown>; tests: Record<string, unknown> };
    this.env.getFilter = (name: string) => {
      const f = env.filters[name];
      if (!f) throw unknownName('filter', name, Object.keys(env.filters));
      return f as (...a: unknown[]) => unknown;
    };
    this.env.getTest = (name: string) => {
      const t = env.tests[name];
      if (!t) throw unknownName('test', name, Object.keys(env.tests));
      return t as (...a: unknown[]) => boolean;
    };
  }

  /** Parses a template; syntax errors become `compile/template-syntax` at the template's line and column. */
  parse(src: string, file: string, lineOffset = 0): ParsedTemplate {
    try {
      return { ast: parseTemplateAst(src, this.env.extensionsList), file };
    } catch (e) {
      throw syntaxError(e, src, file, lineOffset);
    }
  }

  /** Generates and instantiates the code of a parsed template. */
  build(parsed: ParsedTemplate, lineOffset = 0, src = ''): CompiledTemplate {
    let code: string;
    try {
      code = generateTemplateCode(parsed.ast, parsed.file);
    } catch (e) {
      throw syntaxError(e, src, parsed.file, lineOffset);
    }
    return this.instantiate(code, parsed.file);
  }

  compile(src: string, file: string, lineOffset = 0): CompiledTemplate {
    return this.build(this.parse(src, file, lineOffset), lineOffset, src);
  }

  /** Rebuilds a template from generated code (the parse cache stores it). */
  instantiate(code: string, file: string): CompiledTemplate {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const props = new Function(code)() as Record<string, RootRenderFunction>;
    const blocks: Record<string, RootRenderFunction> = {};
    for (const [k, v] of Object.entries(props)) if (k.startsWith('b_')) blocks[k.slice(2)] = v;
    return { file, code, root: props['root']!, blocks };
  }

  /**
   * Renders synchronously against `ctx` (a per-render object whose prototype is the shared context).
   * Throws the located OppError (or a control-flow signal) the template raised.
   */
  render(tpl: CompiledTemplate, ctx: Record<string, unknown>): string {
    const context = new TemplateContext(ctx, this.env, tpl.blocks);
    const frame = new oppRuntime.Frame();
    frame.topLevel = true;
    let out: string | undefined;
    let error: unknown;
    tpl.root(this.env, context, frame, oppRuntime, (err, res) => {
      if (err) error = err;
      else out = res;
    });
    if (error !== undefined) {
      if (error instanceof MacroReturn) {
        throw new CompileError('compile/render-failed', 'return() was called outside a macro', {
          location: { file: tpl.file },
          hint: 'return() makes a macro evaluate to a value; in a model, output the value with {{ ... }}',
        });
      }
      throw error;
    }
    return out ?? '';
  }

  /** Runs a template for its side effects on `context.ctx` (macro files define their macros this way). */
  execute(tpl: CompiledTemplate, context: TemplateContext): void {
    const frame = new oppRuntime.Frame();
    frame.topLevel = true;
    let error: unknown;
    tpl.root(this.env, context, frame, oppRuntime, (err) => {
      if (err) error = err;
    });
    if (error !== undefined) throw error;
  }
}

function unknownName(kind: 'filter' | 'test', name: string, known: readonly string[]): CompileError {
  const m = closestMatch(name, known);
  return new CompileError('compile/undefined-variable', `the ${kind} '${name}' is not defined`, {
    hint: m ? `did you mean '${m}'?` : `opp knows the ${kind}s of Jinja and dbt; check the name`,
  });
}

/** Where the lexer stopped: Nunjucks' lexer errors carry no position, so re-lex to find it. */
function lexerErrorPosition(src: string): { line: number; column: number } | undefined {
  const tokenizer = new FastTokenizer(src);
  for (let guard = 0; guard < src.length + 10; guard++) {
    const startLine = tokenizer.lineno;
    const startCol = tokenizer.colno;
    try {
      if (tokenizer.nextToken() === null) return undefined;
    } catch (e) {
      const msg = String((e as Error).message);
      if (/expected end of comment/.test(msg)) return { line: startLine + 1, column: startCol + 1 };
      return { line: tokenizer.lineno + 1, column: tokenizer.colno + 1 };
    }
  }
  return undefined;
}

function endOfText(src: string): { line: number; column: number } {
  const lines = src.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function syntaxHint(message: string): string {
  const unknownTag = /unknown block tag: (\S+)/.exec(message);
  if (unknownTag) {
    const m = closestMatch(unknownTag[1]!, KNOWN_TAGS);
    return m ? `did you mean '{% ${m} %}'?` : `'${unknownTag[1]}' is not a tag opp knows`;
  }
  if (/expected variable end/.test(message)) return "close the expression with '}}'";
  if (/expected block end/.test(message)) return "close the tag with '%}'";
  if (/end of comment/.test(message)) return "close the comment with '#}' (or write '# }' in SQL text)";
  if (/unexpected end of file/.test(message)) return 'a block tag ({% if %}, {% for %}, {% macro %}...) is not closed';
  return 'fix the Jinja syntax at this position';
}

function syntaxError(e: unknown, src: string, file: string, lineOffset: number): CompileError {
  if (e instanceof CompileError) return e;
  const err = e as { lineno?: number; colno?: number; message?: string };
  let message = String(err?.message ?? e)
    .replace(/^\(.*?\)\s*/s, '')
    .replace(/^\[Line \d+, Column \d+\]\s*/, '')
    .trim();
  let pos: { line: number; column: number } | undefined =
    typeof err?.lineno === 'number' && err.lineno > 0 ? { line: err.lineno, column: Math.max(1, err.colno ?? 1) } : undefined;
  if (!pos) pos = lexerErrorPosition(src) ?? endOfText(src);
  if (/^unexpected end of file$/.test(message)) message = 'unexpected end of template: a block is not closed';
  const location: SourceLocation = { file, line: pos.line + lineOffset, column: pos.column };
  return new CompileError('compile/template-syntax', `template syntax error: ${message}`, {
    location,
    hint: syntaxHint(message),
    cause: e,
  });
}
