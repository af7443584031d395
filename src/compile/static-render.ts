import type { CompileSession } from './compile-session.js';
import { pyStr } from './python-values.js';
import type { StaticTemplate } from './static-template.js';
import { locateError, undefinedError } from './template-runtime.js';

/**
 * Renders a static template (see `static-template.ts`) by direct substitution, calling the same builtins
 * Nunjucks would (so the parse pass records the same refs/config and the run pass prints the same text).
 * With `emit: false` (parse pass) no text is built.
 */
export function renderStaticTemplate(session: CompileSession, tpl: StaticTemplate, file: string, emit: boolean): string {
  let out = '';
  for (const part of tpl.parts) {
    if (typeof part === 'string') {
      if (emit) out += part;
      continue;
    }
    const where = { file, line: part.line, column: part.column };
    let value: unknown;
    try {
      const e = part.expr;
      switch (e.op) {
        case 'ref':
          value = session.resolveRef(e.name, e.package, e.version, where, emit);
          break;
        case 'source':
          value = session.resolveSource(e.source, e.table, where, emit);
          break;
        case 'config':
          value = session.configCall([{ ...e.config, __keywords: true }], where);
          break;
        case 'var':
          value = session.getVar(e.name, e.hasDefault, e.default);
          break;
        case 'this':
          value = session.thisRelation();
          break;
        case 'target':
          value = session.targetAttr(e.attr);
          if (value === undefined) throw undefinedError(`target["${e.attr}"]`, 'output', where);
          break;
        case 'is_incremental':
          value = session.isIncremental();
          break;
      }
    } catch (err) {
      throw locateError(err, file, part.line - 1, part.column - 1);
    }
    if (emit) out += typeof value === 'string' ? value : pyStr(value);
  }
  return out;
}
