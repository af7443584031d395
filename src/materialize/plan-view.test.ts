import { describe, expect, it } from 'vitest';
import { planView } from './plan-view.js';
import { makeInput } from './test-fixtures.js';

const purposes = (input: Parameters<typeof planView>[0]) => planView(input).statements.map((s) => s.purpose);

describe('planView', () => {
  it('is one create-or-replace when nothing or a view is there', () => {
    expect(purposes(makeInput({}))).toEqual(['create']);
    const plan = planView(makeInput({}, { existing: 'view' }));
    expect(plan.statements).toHaveLength(1);
    expect(plan.statements[0]!.sql).toMatch(/^create or replace view "dev"."analytics"."orders"/);
    expect(plan.relationKind).toBe('view');
  });

  it('drops a table of the same name inside a transaction', () => {
    const plan = planView(makeInput({}, { existing: 'table' }));
    expect(plan.statements.map((s) => s.purpose)).toEqual(['begin', 'drop', 'create', 'commit']);
    expect(plan.statements[1]!.sql).toBe('drop table if exists "dev"."analytics"."orders"');
  });

  it('drops without a transaction where DDL is not transactional', () => {
    expect(purposes(makeInput({}, { existing: 'table', capabilities: { transactionalDdl: false } }))).toEqual(['drop', 'create']);
  });

  it('drops and creates where CREATE OR REPLACE does not exist', () => {
    const plan = planView(makeInput({}, { existing: 'view', capabilities: { createOrReplace: false } }));
    expect(plan.statements.map((s) => s.purpose)).toEqual(['drop', 'create']);
    expect(plan.statements[1]!.sql).toMatch(/^create view /);
  });
});
