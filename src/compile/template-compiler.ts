import { FastTokenizer } from './template-lexer.js';
import { nunjucks, njNodes, njTransformer, type NjNode } from './nunjucks-internals.js';

/**
 * opp's code generator: a subclass of Nunjucks' Compiler (no patching of Nunjucks itself) that emits calls
 * into opp's runtime (`template-runtime.ts`) so templates behave like dbt's Jinja:
 *
 * - every function call passes its template file, line and column (for `ref()` locations and errors);
 * - `{{ expr }}` goes through `runtime.out`, which rejects undefined values with did-you-mean;
 * - `if`, `not`, `and`, `or` use Python truthiness; `+ - * % ~` use Python operators;
 * - macro bodies catch errors and locate them in the macro's own file, and restore the frame when
 *   `return()` unwinds them;
 * - slices (`x[1:]`) compile to a four-argument member lookup.
 */

const BaseCompiler = nunjucks.compiler.Compiler as new (name: string, throwOnUndefined: boolean) => CompilerBase;
const BaseParser = nunjucks.parser.Parser as new (tokens: unknown) => ParserBase;

interface CompilerBase {
  templateName: string;
  codebuf: string[];
  buffer: string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _closeScopeLevels(): void;
  _compileExpression(node: NjNode, frame: unknown): void;
  _compileAggregate(node: NjNode, frame: unknown, start?: string, end?: string): void;
  _compileMacro(node: NjNode, frame?: unknown): string;
  _getNodeName(node: NjNode): string;
  _withScopedSyntax(fn: () => void): void;
  compile(node: NjNode, frame?: unknown): void;
  compileLiteral(node: NjNode, frame?: unknown): void;
  getCode(): string;
  assertType(node: NjNode, ...types: unknown[]): void;
}

interface ParserBase {
  tokens: { index: number; lineno: number; colno: number };
  peeked: unknown;
  extensions: unknown[];
  parseAggregate(): NjNode | null;
  parseExpression(): NjNode;
  parsePrimary(noPostfix?: boolean): NjNode;
  peekToken(): { type: string; lineno: number; colno: number } | null;
  nextToken(): { type: string; lineno: number; colno: number } | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(msg: string, lineno?: number, colno?: number): never;
  parseAsRoot(): NjNode;
}

/** `x[a:b:c]`, as Nunjucks' jinja-compat parses it. */
const SliceNode = njNodes.Node.extend('Slice', {
  fields: ['start', 'stop', 'step'],
  init(this: { parent: (...a: unknown[]) => void }, lineno: number, colno: number, start?: NjNode, stop?: NjNode, step?: NjNode) {
    this.parent(
      lineno,
      colno,
      start ?? new njNodes.Literal(lineno, colno, null),
      stop ?? new njNodes.Literal(lineno, colno, null),
      step ?? new njNodes.Literal(lineno, colno, 1),
    );
  },
});

const lexer = nunjucks.lexer;

const CLOSING = new Set([lexer.TOKEN_RIGHT_PAREN, lexer.TOKEN_RIGHT_BRACKET, lexer.TOKEN_RIGHT_CURLY]);

class OppParser extends BaseParser {
  /**
   * `(...)`, `[...]` and `{...}` as Nunjucks parses them, plus what Jinja2 also accepts: a trailing comma
   * (`[1, 2,]`, `{'a': 1,}`, `(1,)` — a one-element tuple) and `()` (the empty tuple).
   */
  private parseAggregateJinja(): NjNode | null {
    const tok = this.nextToken();
    if (!tok) return null;
    let node: NjNode;
    switch (tok.type) {
      case lexer.TOKEN_LEFT_PAREN:
        node = new njNodes.Group(tok.lineno, tok.colno) as NjNode;
        break;
      case lexer.TOKEN_LEFT_BRACKET:
        node = new njNodes.Array(tok.lineno, tok.colno) as NjNode;
        break;
      case lexer.TOKEN_LEFT_CURLY:
        node = new njNodes.Dict(tok.lineno, tok.colno) as NjNode;
        break;
      default:
        return null;
    }
    const children = node.children!;
    let trailingComma = false;
    for (;;) {
      const next = this.peekToken();
      if (next && CLOSING.has(next.type)) {
        this.nextToken();
        break;
      }
      if (children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseAggregate: expected comma after expression', tok.lineno, tok.colno);
        const after = this.peekToken();
        if (after && CLOSING.has(after.type)) {
          this.nextToken();
          trailingComma = true;
          break;
        }
      }
      if (node.typename === 'Dict') {
        const key = this.parsePrimary();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail('parseAggregate: expected colon after dict key', tok.lineno, tok.colno);
        const value = this.parseExpression();
        children.push(new njNodes.Pair(key.lineno, key.colno, key, value) as NjNode);
      } else {
        children.push(this.parseExpression());
      }
    }
    if (node.typename === 'Group' && (trailingComma || children.length === 0)) node['tuple'] = true;
    return node;
  }

  /** Call and macro signatures as Nunjucks parses them, plus a trailing comma (`f(a, b=1,)`), as Jinja2. */
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode | null {
    let tok = this.peekToken()!;
    if (!noParens && tok.type !== lexer.TOKEN_LEFT_PAREN) {
      if (tolerant) return null;
      this.fail('expected arguments', tok.lineno, tok.colno);
    }
    if (tok.type === lexer.TOKEN_LEFT_PAREN) tok = this.nextToken()!;
    const args = new njNodes.NodeList(tok.lineno, tok.colno) as NjNode;
    const kwargs = new njNodes.KeywordArgs(tok.lineno, tok.colno) as NjNode;
    let checkComma = false;
    for (;;) {
      tok = this.peekToken()!;
      if (!noParens && tok.type === lexer.TOKEN_RIGHT_PAREN) {
        this.nextToken();
        break;
      } else if (noParens && tok.type === lexer.TOKEN_BLOCK_END) {
        break;
      }
      if (checkComma) {
        if (!this.skip(lexer.TOKEN_COMMA)) this.fail('parseSignature: expected comma after expression', tok.lineno, tok.colno);
        // A trailing comma before the closing parenthesis.
        const after = this.peekToken();
        if (!noParens && after && after.type === lexer.TOKEN_RIGHT_PAREN) {
          this.nextToken();
          break;
        }
      }
      const arg = this.parseExpression();
      if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) kwargs.children!.push(new njNodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()) as NjNode);
      else args.children!.push(arg);
      checkComma = true;
    }
    if (kwargs.children!.length) args.children!.push(kwargs);
    return args;
  }

  override parseAggregate(): NjNode | null {
    const tokens = this.tokens;
    const origState = { index: tokens.index - 1, lineno: tokens.lineno, colno: tokens.colno - 1 };
    try {
      return this.parseAggregateJinja();
    } catch (e) {
      const errState = { index: tokens.index, lineno: tokens.lineno, colno: tokens.colno };
      const rethrow = (): unknown => {
        Object.assign(tokens, errState);
        return e;
      };
      Object.assign(tokens, origState);
      this.peeked = false;
      const tok = this.peekToken();
      if (!tok || tok.type !== lexer.TOKEN_LEFT_BRACKET) throw rethrow();
      this.nextToken();
      const node = new SliceNode(tok.lineno, tok.colno) as NjNode;
      let isSlice = false;
      for (let i = 0; i <= node.fields.length; i++) {
        if (this.skip(lexer.TOKEN_RIGHT_BRACKET)) break;
        if (i === node.fields.length) {
          if (isSlice) this.fail('parseSlice: too many slice components', tok.lineno, tok.colno);
          else break;
        }
        if (this.skip(lexer.TOKEN_COLON)) {
          isSlice = true;
        } else {
          const field = node.fields[i]!;
          node[field] = this.parseExpression();
          isSlice = this.skip(lexer.TOKEN_COLON) || isSlice;
        }
      }
      if (!isSlice) throw rethrow();
      return new njNodes.Array(tok.lineno, tok.colno, [node]) as NjNode;
    }
  }
}

/** Leftmost position of an expression (the `r` of `ref(...)`, the `a` of `a.b.c`). */
function startOf(node: NjNode): [number, number] {
  let n: NjNode = node;
  for (;;) {
    if (n.typename === 'FunCall' || n.typename === 'Filter') n = n['name'] as NjNode;
    else if (n.typename === 'LookupVal') n = n['target'] as NjNode;
    else break;
  }
  return [n.lineno, n.colno];
}

function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

class OppCompiler extends BaseCompiler {
  compileFunCall(node: NjNode, frame: unknown): void {
    const [l, c] = startOf(node);
    this._emit(`(lineno = ${l}, colno = ${c}, runtime.callWrap(`);
    this._compileExpression(node['name'] as NjNode, frame);
    this._emit(`, ${jsString(this._getNodeName(node['name'] as NjNode))}, context, `);
    this._compileAggregate(node['args'] as NjNode, frame, '[', ']');
    this._emit(`, __tpl, ${l}, ${c}, frame))`);
  }

  compileFilter(node: NjNode, frame: unknown): void {
    const name = node['name'] as NjNode;
    this.assertType(name, njNodes.Symbol);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.getFilter(${jsString(String(name['value']))}).call(context, `);
    this._compileAggregate(node['args'] as NjNode, frame);
    this._emit('))');
  }

  compileOutput(node: NjNode, frame: unknown): void {
    for (const child of node.children ?? []) {
      if (child instanceof njNodes.TemplateData) {
        if (child['value']) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child, frame);
          this._emitLine(';');
        }
        continue;
      }
      const [l, c] = startOf(child);
      const hint = child.typename === 'Symbol' || child.typename === 'LookupVal' ? this._getNodeName(child) : '';
      this._emit(`${this.buffer} += (lineno = ${l}, colno = ${c}, runtime.out(`);
      this.compile(child, frame);
      this._emit(`, __tpl, ${l}, ${c}, ${jsString(hint)}, frame, context));\n`);
    }
  }

  /**
   * Root and block functions are parenthesised so V8 compiles them eagerly (every template is rendered
   * right after it is built; lazy compilation would parse each body twice).
   */
  _emitFuncBegin(node: NjNode, name: string): void {
    (this as { buffer: string }).buffer = 'output';
    (this as unknown as { _scopeClosers: string })._scopeClosers = '';
    this._emitLine(`var ${name} = (function ${name}(env, context, frame, runtime, cb) {`);
    this._emitLine(`var lineno = ${node.lineno};`);
    this._emitLine(`var colno = ${node.colno};`);
    this._emitLine(`var ${this.buffer} = "";`);
    this._emitLine('try {');
  }

  _emitFuncEnd(noReturn?: boolean): void {
    if (!noReturn) this._emitLine(`cb(null, ${this.buffer});`);
    this._closeScopeLevels();
    this._emitLine('} catch (e) {');
    this._emitLine('  cb(runtime.handleError(e, lineno, colno, __tpl));');
    this._emitLine('}');
    this._emitLine('});');
    (this as { buffer: string | null }).buffer = null;
  }

  override _compileMacro(node: NjNode, frame?: unknown): string {
    const start = this.codebuf.length;
    const id = super._compileMacro(node, frame);
    // The header is 9 lines (see Nunjucks' _compileMacro); the body ends with `frame = ...;`,
    // `return new runtime.SafeString(...);` and `});`.
    const headerEnd = start + 9;
    if (!/frame\.set\("caller"/.test(this.codebuf[headerEnd - 1] ?? '') || this.codebuf[this.codebuf.length - 1] !== '});\n') {
      throw new Error('opp: unexpected Nunjucks macro code layout');
    }
    this.codebuf.splice(this.codebuf.length - 1, 0, '} catch (e) { frame = callerFrame; throw runtime.locateError(e, __tpl, lineno, colno); }\n');
    this.codebuf.splice(headerEnd, 0, 'try {\n');
    return id;
  }

  /**
   * Loop variables as one `loop` object per iteration (Nunjucks sets seven dotted names, each splitting
   * its name); plain names are written straight into the frame (what `frame.set` does for them).
   */
  _emitLoopBindings(_node: NjNode, arr: string, i: string, len: string): void {
    this._emitLine(
      `frame.variables["loop"] = {index: ${i} + 1, index0: ${i}, revindex: ${len} - ${i}, revindex0: ${len} - ${i} - 1, first: ${i} === 0, last: ${i} === ${len} - 1, length: ${len}};`,
    );
    void arr;
  }

  /** `{% set ns.attr = value %}` (Jinja's namespace idiom) assigns the attribute; other sets as Nunjucks. */
  compileSet(node: NjNode, frame: unknown): void {
    const targets = node['targets'] as NjNode[];
    if (targets.length === 1 && targets[0]!.typename === 'LookupVal') {
      const t = targets[0]!;
      this._emit('runtime.setAttr(');
      this._compileExpression(t['target'] as NjNode, frame);
      this._emit(', ');
      this._compileExpression(t['val'] as NjNode, frame);
      this._emit(', ');
      if (node['value']) this._compileExpression(node['value'] as NjNode, frame);
      else this.compile(node['body'] as NjNode, frame);
      this._emitLine(');');
      return;
    }
    (BaseCompiler.prototype as unknown as { compileSet: (n: NjNode, f: unknown) => void }).compileSet.call(this, node, frame);
  }

  /** As Nunjucks, but loop targets are written straight into the loop's frame (no `frame.set` name split). */
  compileFor(node: NjNode, frame: unknown): void {
    const start = this.codebuf.length;
    (BaseCompiler.prototype as unknown as { compileFor: (n: NjNode, f: unknown) => void }).compileFor.call(this, node, frame);
    for (let i = start; i < this.codebuf.length; i++) {
      const m = /^frame\.set\("([A-Za-z_][A-Za-z0-9_]*)", ((?:t_\d+)(?:\[t_\d+\](?:\[\d+\])?)?)\);\n$/.exec(this.codebuf[i]!);
      if (m) this.codebuf[i] = `frame.variables["${m[1]}"] = ${m[2]};\n`;
    }
  }

  /** `(a, b)`, `(a,)` and `()` are tuples in Jinja (lists here), not JavaScript's comma operator. */
  compileGroup(node: NjNode, frame: unknown): void {
    if ((node.children?.length ?? 0) !== 1 || node['tuple'] === true) this._compileAggregate(node, frame, '[', ']');
    else this._compileAggregate(node, frame, '(', ')');
  }

  compileSlice(node: NjNode, frame: unknown): void {
    this._emit('(');
    this._compileExpression(node['start'] as NjNode, frame);
    this._emit('),(');
    this._compileExpression(node['stop'] as NjNode, frame);
    this._emit('),(');
    this._compileExpression(node['step'] as NjNode, frame);
    this._emit(')');
  }

  override assertType(node: NjNode, ...types: unknown[]): void {
    if (node instanceof SliceNode) return;
    super.assertType(node, ...types);
  }

  compileIf(node: NjNode, frame: unknown): void {
    this._emit('if(runtime.truthy(');
    this._compileExpression(node['cond'] as NjNode, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node['body'] as NjNode, frame));
    if (node['else_']) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node['else_'] as NjNode, frame));
    }
    this._emitLine('}');
  }

  compileInlineIf(node: NjNode, frame: unknown): void {
    this._emit('(runtime.truthy(');
    this.compile(node['cond'] as NjNode, frame);
    this._emit(')?');
    this.compile(node['body'] as NjNode, frame);
    this._emit(':');
    if (node['else_'] !== null) this.compile(node['else_'] as NjNode, frame);
    else this._emit('""');
    this._emit(')');
  }

  compileNot(node: NjNode, frame: unknown): void {
    this._emit('!runtime.truthy(');
    this.compile(node['target'] as NjNode, frame);
    this._emit(')');
  }

  compileOr(node: NjNode, frame: unknown): void {
    this._emit('(runtime.truthy(runtime.setTemp(');
    this.compile(node['left'] as NjNode, frame);
    this._emit(')) ? runtime.getTemp() : (');
    this.compile(node['right'] as NjNode, frame);
    this._emit('))');
  }

  compileAnd(node: NjNode, frame: unknown): void {
    this._emit('(!runtime.truthy(runtime.setTemp(');
    this.compile(node['left'] as NjNode, frame);
    this._emit(')) ? runtime.getTemp() : (');
    this.compile(node['right'] as NjNode, frame);
    this._emit('))');
  }

  private binary(node: NjNode, frame: unknown, fn: string): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node['left'] as NjNode, frame);
    this._emit(', ');
    this.compile(node['right'] as NjNode, frame);
    this._emit(')');
  }

  compileAdd(node: NjNode, frame: unknown): void {
    this.binary(node, frame, 'pyAdd');
  }
  compileSub(node: NjNode, frame: unknown): void {
    this.binary(node, frame, 'pySub');
  }
  compileMul(node: NjNode, frame: unknown): void {
    this.binary(node, frame, 'pyMul');
  }
  compileMod(node: NjNode, frame: unknown): void {
    this.binary(node, frame, 'pyMod');
  }
  compileConcat(node: NjNode, frame: unknown): void {
    this.binary(node, frame, 'pyConcat');
  }

  override getCode(): string {
    return `var __tpl = ${jsString(this.templateName)};\n${super.getCode()}`;
  }
}

/** Parses a template into Nunjucks' AST with opp's parser (slices) and the given extensions. */
export function parseTemplateAst(src: string, extensions: unknown[]): NjNode {
  const p = new OppParser(new FastTokenizer(src));
  p.extensions = extensions;
  return p.parseAsRoot();
}

/**
 * Compiles an AST to the JavaScript source of a module returning `{ root, b_<block>... }`. Nunjucks'
 * transformer only rewrites async filters (opp has none) and `super()` in `{% block %}`s, so it runs only
 * when the template has a block.
 */
export function generateTemplateCode(ast: NjNode, name: string): string {
  const c = new OppCompiler(name, false);
  const hasBlock = ast.findAll(njNodes.Block).length > 0;
  c.compile(hasBlock ? njTransformer.transform(ast, [], name) : ast);
  return c.getCode();
}
