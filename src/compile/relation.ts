import type { RelationRef } from '../adapters/index.js';
import { isPlainObject, truthy } from './python-values.js';

/**
 * The relation object templates get from `ref()`, `source()`, `this` and `adapter.get_relation()`: it prints
 * as the dialect renders it (`"db"."schema"."alias"`) and has dbt's attributes (`database`, `schema`,
 * `identifier`, `name`, `type`, `is_table`, ...) and methods (`include`, `incorporate`, `render`).
 */

/** Renders a relation address as SQL: the dialect's `relationName`. */
export type RelationRenderer = (ref: RelationRef) => string;

/** ANSI double-quoted rendering, for when no dialect is given (parse pass defaults, tests). */
export const ansiRelationName: RelationRenderer = (ref) => {
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  return [ref.database, ref.schema, ref.identifier]
    .filter((p): p is string => p !== undefined && p !== null && p !== '')
    .map(q)
    .join('.');
};

export type RelationType = 'table' | 'view' | 'cte' | 'external' | 'materialized_view' | null;

export class Relation {
  readonly database: string | null;
  readonly schema: string | null;
  readonly identifier: string;
  readonly type: RelationType;
  private readonly renderer: RelationRenderer;

  constructor(
    parts: { database?: string | null; schema?: string | null; identifier: string },
    renderer: RelationRenderer,
    type: RelationType = null,
  ) {
    this.database = parts.database ?? null;
    this.schema = parts.schema ?? null;
    this.identifier = parts.identifier;
    this.renderer = renderer;
    this.type = type;
  }

  /** A CTE relation (ephemeral model): renders as its bare identifier. */
  static cte(identifier: string): Relation {
    return new Relation({ identifier }, (r) => r.identifier, 'cte');
  }

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get path(): Record<string, string | null> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }

  toRef(): RelationRef {
    return {
      ...(this.database ? { database: this.database } : {}),
      schema: this.schema ?? '',
      identifier: this.identifier,
    };
  }

  render(): string {
    if (this.type === 'cte') return this.identifier;
    const ref: { database?: string; schema: string; identifier: string } = { schema: this.schema ?? '', identifier: this.identifier };
    if (this.database) ref.database = this.database;
    if (!this.schema) {
      // Rendering without a schema: only the parts that are set.
      return this.renderer({ ...(this.database ? { database: this.database } : {}), schema: '', identifier: this.identifier });
    }
    return this.renderer(ref);
  }

  /** `relation.include(database=False)`: a copy rendering only some parts. */
  include(...args: unknown[]): Relation {
    const kw = (isPlainObject(args[args.length - 1]) ? args.pop() : {}) as Record<string, unknown>;
    const [db = kw['database'] ?? true, schema = kw['schema'] ?? true, identifier = kw['identifier'] ?? true] = args;
    return new Relation(
      {
        database: truthy(db) ? this.database : null,
        schema: truthy(schema) ? this.schema : null,
        identifier: truthy(identifier) ? this.identifier : '',
      },
      this.renderer,
      this.type,
    );
  }

  /** `relation.incorporate(path={"identifier": "x"}, type="table")`. */
  incorporate(...args: unknown[]): Relation {
    const kw = (isPlainObject(args[args.length - 1]) ? args.pop() : {}) as Record<string, unknown>;
    const path = (kw['path'] ?? {}) as Record<string, unknown>;
    const type = (kw['type'] as RelationType | undefined) ?? this.type;
    return new Relation(
      {
        database: (path['database'] as string | undefined) ?? this.database,
        schema: (path['schema'] as string | undefined) ?? this.schema,
        identifier: (path['identifier'] as string | undefined) ?? this.identifier,
      },
      this.renderer,
      type,
    );
  }

  quote(): Relation {
    return this;
  }

  __str__(): string {
    return this.render();
  }
  __repr__(): string {
    return `<Relation ${this.render()}>`;
  }
  toString(): string {
    return this.render();
  }
}
