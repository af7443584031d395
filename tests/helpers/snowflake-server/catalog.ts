/**
 * What Snowflake knows about objects and DuckDB does not: transient/secure flags, clustering keys,
 * comments, declared column types (VARCHAR(100), OBJECT, TIMESTAMP_TZ…), creation times, and the
 * account-level lists of databases, warehouses, roles and users.
 */
import type { SfType } from './sql/types.js';

export interface ObjectMeta {
  kind: 'TABLE' | 'VIEW';
  transient: boolean;
  temporary: boolean;
  secure: boolean;
  clusterBy: string | null;
  comment: string | null;
  created: Date;
  altered: Date;
  /** Declared column types by column name (exact case). */
  columnTypes: Map<string, SfType>;
  columnComments: Map<string, string>;
  /** Original Snowflake text of a view. */
  text: string | null;
}

export interface DatabaseMeta {
  name: string;
  created: Date;
  comment: string | null;
  transient: boolean;
}

export interface SchemaMeta {
  created: Date;
  comment: string | null;
  transient: boolean;
  managed: boolean;
}

export interface UserSpec {
  name: string;
  password?: string;
  /** PEM (SPKI) public key for key-pair (JWT) login. */
  publicKey?: string;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class Catalog {
  readonly databases = new Map<string, DatabaseMeta>();
  readonly schemas = new Map<string, SchemaMeta>();
  readonly objects = new Map<string, ObjectMeta>();
  readonly warehouses = new Set<string>();
  readonly roles = new Set<string>();
  readonly users = new Map<string, UserSpec>();

  object(db: string, schema: string, name: string): ObjectMeta | undefined {
    return this.objects.get(key(db, schema, name));
  }

  setObject(db: string, schema: string, name: string, meta: Partial<ObjectMeta> & Pick<ObjectMeta, 'kind'>): ObjectMeta {
    const now = new Date();
    const full: ObjectMeta = {
      transient: false,
      temporary: false,
      secure: false,
      clusterBy: null,
      comment: null,
      created: now,
      altered: now,
      columnTypes: new Map(),
      columnComments: new Map(),
      text: null,
      ...meta,
    };
    this.objects.set(key(db, schema, name), full);
    return full;
  }

  /** Returns the object's metadata, creating a default entry when missing (objects made by plain SQL). */
  ensureObject(db: string, schema: string, name: string, kind: 'TABLE' | 'VIEW'): ObjectMeta {
    return this.object(db, schema, name) ?? this.setObject(db, schema, name, { kind });
  }

  dropObject(db: string, schema: string, name: string): void {
    this.objects.delete(key(db, schema, name));
  }

  renameObject(db: string, schema: string, from: string, toSchema: string, to: string): void {
    const m = this.object(db, schema, from);
    this.objects.delete(key(db, schema, from));
    if (m) {
      m.altered = new Date();
      this.objects.set(key(db, toSchema, to), m);
    }
  }

  swapObjects(db: string, schemaA: string, a: string, schemaB: string, b: string): void {
    const ma = this.object(db, schemaA, a);
    const mb = this.object(db, schemaB, b);
    this.objects.delete(key(db, schemaA, a));
    this.objects.delete(key(db, schemaB, b));
    if (mb) this.objects.set(key(db, schemaA, a), mb);
    if (ma) this.objects.set(key(db, schemaB, b), ma);
  }

  dropSchema(db: string, schema: string): void {
    this.schemas.delete(key(db, schema));
    const prefix = key(db, schema, '');
    for (const k of [...this.objects.keys()]) if (k.startsWith(prefix)) this.objects.delete(k);
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
    const prefix = key(db, '');
    for (const k of [...this.schemas.keys()]) if (k.startsWith(prefix)) this.schemas.delete(k);
    for (const k of [...this.objects.keys()]) if (k.startsWith(prefix)) this.objects.delete(k);
  }

  schema(db: string, schema: string): SchemaMeta | undefined {
    return this.schemas.get(key(db, schema));
  }

  setSchema(db: string, schema: string, meta: Partial<SchemaMeta> = {}): void {
    this.schemas.set(key(db, schema), { created: new Date(), comment: null, transient: false, managed: false, ...meta });
  }

  /** Objects of one database: [schema, name, meta]. */
  *objectsIn(db: string): Iterable<[string, string, ObjectMeta]> {
    const prefix = key(db, '');
    for (const [k, m] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      const [, s, n] = k.split('\u0000');
      yield [s!, n!, m];
    }
  }
}
