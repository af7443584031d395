import { SelectionError, type ErrorCode, type OppErrorOptions } from '../errors/index.js';

/**
 * A SelectionError about a selector string: carries the string and the character offset of the
 * problem, and renders a caret line under the string in its message.
 */
export class SelectorError extends SelectionError {
  readonly expression: string;
  readonly offset: number;

  constructor(code: ErrorCode, message: string, expression: string, offset: number, opts: OppErrorOptions = {}) {
    super(code, `${message}\n${caretLines(expression, offset)}`, opts);
    this.expression = expression;
    this.offset = offset;
  }
}

/** Two lines: the expression, and a caret under `offset` (0-based). */
export function caretLines(expression: string, offset: number): string {
  const flat = expression.replace(/[\t\r\n]/g, ' ');
  const at = Math.max(0, Math.min(offset, flat.length));
  return `  ${flat}\n  ${' '.repeat(at)}^`;
}
