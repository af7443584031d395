import { describe, expect, it } from 'vitest';
import { buildStatLine, formatFancyOutputLine, humanizeExecutionTime, pluralize } from './format-line.js';
import { shouldUseColors, stripAnsi, createPaint } from './paint.js';

describe('formatFancyOutputLine (dbt format_fancy_output_line)', () => {
  it('pads "{index} of {total} {msg}" with dots to 80 columns, then the status', () => {
    // "1 of 12 START sql view model staging.stg_x" is 42 characters: 38 dots follow.
    expect(formatFancyOutputLine({ msg: 'START sql view model staging.stg_x', status: 'RUN', index: 1, total: 12 })).toBe(
      `1 of 12 START sql view model staging.stg_x${'.'.repeat(38)} [RUN]`,
    );
  });

  it('adds " in {t:.2f}s" after the status', () => {
    expect(formatFancyOutputLine({ msg: 'PASS x', status: 'PASS', index: 3, total: 3, executionTime: 0.005 })).toBe(
      `3 of 3 PASS x${'.'.repeat(67)} [PASS in 0.01s]`,
    );
    expect(formatFancyOutputLine({ msg: 'PASS x', status: 'PASS', executionTime: 12.3456 })).toBe(`PASS x${'.'.repeat(74)} [PASS in 12.35s]`);
  });

  it('does not pad or cut a message longer than the width unless truncating', () => {
    const long = `START hook: ${'x'.repeat(90)}`;
    expect(formatFancyOutputLine({ msg: long, status: 'RUN', index: 1, total: 1 })).toBe(`1 of 1 ${long} [RUN]`);
    // truncate keeps 77 characters and adds "..."
    expect(formatFancyOutputLine({ msg: long, status: 'RUN', index: 1, total: 1, truncate: true })).toBe(`${`1 of 1 ${long}`.slice(0, 77)}... [RUN]`);
  });
});

describe('dbt helpers', () => {
  it('humanizes execution time like dbt', () => {
    expect(humanizeExecutionTime(0.514)).toBe(' in 0 hours 0 minutes and 0.51 seconds');
    expect(humanizeExecutionTime(3725.5)).toBe(' in 1 hours 2 minutes and 5.50 seconds');
  });

  it('pluralizes with NodeType rules: 1 test, 2 data tests, analyses, unit tests', () => {
    expect(pluralize(1, 'test')).toBe('1 test');
    expect(pluralize(10, 'test')).toBe('10 data tests');
    expect(pluralize(2, 'analysis')).toBe('2 analyses');
    expect(pluralize(1, 'unit_test')).toBe('1 unit test');
    expect(pluralize(3, 'unit_test')).toBe('3 unit tests');
    expect(pluralize(3, 'view model')).toBe('3 view models');
    expect(pluralize(0, 'error')).toBe('0 errors');
  });

  it('builds the Found stat line in the given order, leaving out zeros', () => {
    expect(buildStatLine({ model: 12, seed: 3, test: 10, snapshot: 0, source: 4, macro: 3 })).toBe('12 models, 3 seeds, 10 data tests, 4 sources, 3 macros');
  });
});

describe('colour decision', () => {
  it('colours only a TTY without NO_COLOR or --no-use-colors', () => {
    expect(shouldUseColors({ isTTY: true, env: {} })).toBe(true);
    expect(shouldUseColors({ isTTY: false, env: {} })).toBe(false);
    expect(shouldUseColors({ isTTY: undefined, env: {} })).toBe(false);
    expect(shouldUseColors({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(shouldUseColors({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
    expect(shouldUseColors({ isTTY: true, env: {}, useColors: false })).toBe(false);
    expect(shouldUseColors({ isTTY: false, env: {}, useColors: true })).toBe(false);
  });

  it('paints with ANSI green/red/yellow and strips it again', () => {
    const paint = createPaint(true);
    expect(paint.green('OK')).toBe('\u001b[32mOK\u001b[39m');
    expect(paint.red('ERROR')).toBe('\u001b[31mERROR\u001b[39m');
    expect(paint.yellow('SKIP')).toBe('\u001b[33mSKIP\u001b[39m');
    expect(stripAnsi(paint.red('x') + 'y')).toBe('xy');
    expect(createPaint(false).green('OK')).toBe('OK');
  });
});
