import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { planMaterialization } from './plan-materialization.js';
import { buildSchemaChanges } from './schema-changes.js';
import { makeInput } from './test-fixtures.js';

describe('planMaterialization', () => {
  it('dispatches on config.materialized', () => {
    expect(planMaterialization(makeInput({ materialized: 'view' })).materialization).toBe('view');
    expect(planMaterialization(makeInput({ materialized: 'table' })).materialization).toBe('table');
    expect(planMaterialization(makeInput({ materialized: 'incremental' }, { existing: 'table' })).kind).toBe('incremental-stage');
    const eph = planMaterialization(makeInput({ materialized: 'ephemeral' }));
    expect(eph.statements).toEqual([]);
  });

  it('names the node and the known materialisations for an unknown one', () => {
    expect(() => planMaterialization(makeInput({ materialized: 'snapshot' }))).toThrow(ConfigError);
    expect(() => planMaterialization(makeInput({ materialized: 'snapshot' }))).toThrow(
      "model.shop.orders: unknown materialization 'snapshot' (known: view, table, incremental, ephemeral)",
    );
  });
});

describe('buildSchemaChanges', () => {
  it('compares names case-insensitively and types ignoring spacing and case', () => {
    const changes = buildSchemaChanges(
      [{ name: 'ID', dataType: 'integer' }, { name: 'gone', dataType: 'VARCHAR' }, { name: 'd', dataType: 'DECIMAL(10, 2)' }],
      [{ name: 'id', dataType: 'BIGINT' }, { name: 'd', dataType: 'decimal(10,  2)' }, { name: 'new', dataType: 'DATE' }],
    );
    expect(changes.added.map((c) => c.name)).toEqual(['new']);
    expect(changes.removed.map((c) => c.name)).toEqual(['gone']);
    expect(changes.typeChanged).toEqual([{ name: 'ID', from: 'integer', to: 'BIGINT' }]);
  });
});

describe('planStatements', () => {
  it('returns the first phase only, marked incomplete, when an incremental model lacks columns', async () => {
    const { planStatements } = await import('./plan-statements.js');
    const input = makeInput({ materialized: 'incremental', unique_key: 'id' }, { existing: 'table' });
    const partial = planStatements(input);
    expect(partial.complete).toBe(false);
    expect(partial.statements.map((s) => s.purpose)).toEqual(['begin', 'stage']);
    const full = planStatements(input, { target: [{ name: 'id', dataType: 'INTEGER' }] });
    expect(full.complete).toBe(true);
    expect(full.statements.map((s) => s.purpose)).toEqual(['begin', 'stage', 'delete', 'insert', 'drop', 'commit']);
    expect(planStatements(makeInput({ materialized: 'view' }, { post: ['grant'] })).statements.map((s) => s.purpose)).toEqual([
      'begin',
      'create',
      'hook',
      'commit',
    ]);
  });
});
