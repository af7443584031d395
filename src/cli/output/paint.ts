import { Chalk } from 'chalk';

/** The three colours dbt uses: green OK/PASS, red ERROR/FAIL, yellow WARN/SKIP. */
export interface Paint {
  readonly enabled: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const identity = (text: string): string => text;

export const NO_PAINT: Paint = { enabled: false, green: identity, red: identity, yellow: identity };

export function createPaint(colors: boolean): Paint {
  if (!colors) return NO_PAINT;
  const chalk = new Chalk({ level: 1 });
  return { enabled: true, green: (t) => chalk.green(t), red: (t) => chalk.red(t), yellow: (t) => chalk.yellow(t) };
}

export interface ColorDecision {
  /** Whether stdout is a terminal (`process.stdout.isTTY`). */
  readonly isTTY: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--use-colors` (true), `--no-use-colors` (false), or neither (undefined). */
  readonly useColors?: boolean | undefined;
}

/**
 * Colour only when stdout is a TTY, NO_COLOR is unset (or empty, per no-color.org) and the user did not
 * pass `--no-use-colors`. `--use-colors` cannot force colour into a pipe or past NO_COLOR (cli-contract).
 */
export function shouldUseColors(d: ColorDecision): boolean {
  if (d.useColors === false) return false;
  const noColor = d.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return d.isTTY === true;
}

/** Strips ANSI colour codes (for the log file and JSON messages built from coloured text). */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(/\u001b\[[0-9;]*m/g, '') : text;
}
