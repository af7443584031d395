import type { RelationCacheLike, RelationInfo, RelationRef, SchemaRef } from '../contract.js';

/**
 * Relations per schema, filled by ONE listing query per schema and updated by whoever creates or drops
 * relations (`set`, `delete`), so a run asks the warehouse about each schema once.
 *
 * Names are compared through `normalize` (DuckDB: case-insensitive → lower-case; Snowflake passes its
 * own folding). Concurrent loads of the same schema share one in-flight query.
 */
export class RelationCache implements RelationCacheLike {
  private readonly schemas = new Map<string, Map<string, RelationInfo>>();
  private readonly loading = new Map<string, Promise<Map<string, RelationInfo>>>();
  private readonly changesWhileLoading = new Map<string, { name: string; info?: RelationInfo }[]>();
  private readonly normalize: (name: string) => string;
  private readonly defaultDatabase: string | undefined;

  constructor(opts: { normalize?: (name: string) => string; defaultDatabase?: string } = {}) {
    this.normalize = opts.normalize ?? ((name) => name.toLowerCase());
    this.defaultDatabase = opts.defaultDatabase;
  }

  private schemaKey(schema: SchemaRef): string {
    return `${this.normalize(schema.database ?? this.defaultDatabase ?? '')}\u0000${this.normalize(schema.schema)}`;
  }

  /** True when the schema's relations are loaded (a lookup needs no query). */
  hasSchema(schema: SchemaRef): boolean {
    return this.schemas.has(this.schemaKey(schema));
  }

  /** The cached relation, `undefined` when the schema is loaded and it is absent, `null` when not loaded. */
  peek(ref: RelationRef): RelationInfo | undefined | null {
    const relations = this.schemas.get(this.schemaKey(ref));
    if (!relations) return null;
    return relations.get(this.normalize(ref.identifier));
  }

  /** The schema's relations, loading them once with `load` if needed. */
  async getSchema(schema: SchemaRef, load: () => Promise<RelationInfo[]>): Promise<RelationInfo[]> {
    const key = this.schemaKey(schema);
    const cached = this.schemas.get(key);
    if (cached) return [...cached.values()];
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load().then(
        (list) => {
          const map = new Map<string, RelationInfo>();
          for (const info of list) map.set(this.normalize(info.identifier), info);
          // set()/delete() calls made while the listing ran are newer than it: apply them on top.
          for (const change of this.changesWhileLoading.get(key) ?? []) {
            if (change.info) map.set(change.name, change.info);
            else map.delete(change.name);
          }
          this.changesWhileLoading.delete(key);
          this.schemas.set(key, map);
          this.loading.delete(key);
          return map;
        },
        (err: unknown) => {
          this.loading.delete(key);
          this.changesWhileLoading.delete(key);
          throw err;
        },
      );
      this.loading.set(key, pending);
    }
    return [...(await pending).values()];
  }

  /** Looks one relation up, loading its schema once with `load` if needed. */
  async get(ref: RelationRef, load: () => Promise<RelationInfo[]>): Promise<RelationInfo | undefined> {
    const hit = this.peek(ref);
    if (hit !== null) return hit;
    await this.getSchema(ref, load);
    return this.peek(ref) ?? undefined;
  }

  /** Records a relation that now exists (created or replaced). */
  set(info: RelationInfo): void {
    const key = this.schemaKey(info);
    const name = this.normalize(info.identifier);
    const relations = this.schemas.get(key);
    // Only schemas already listed are kept: recording one relation must not make the rest look absent.
    if (relations) relations.set(name, info);
    else if (this.loading.has(key)) this.recordWhileLoading(key, { name, info });
  }

  private recordWhileLoading(key: string, change: { name: string; info?: RelationInfo }): void {
    const list = this.changesWhileLoading.get(key);
    if (list) list.push(change);
    else this.changesWhileLoading.set(key, [change]);
  }

  /** Records that a relation no longer exists. */
  delete(ref: RelationRef): void {
    const key = this.schemaKey(ref);
    const name = this.normalize(ref.identifier);
    const relations = this.schemas.get(key);
    if (relations) relations.delete(name);
    else if (this.loading.has(key)) this.recordWhileLoading(key, { name });
  }

  /** Forgets a schema: the next lookup lists it again. */
  invalidateSchema(schema: SchemaRef): void {
    const key = this.schemaKey(schema);
    this.schemas.delete(key);
    this.changesWhileLoading.delete(key);
  }

  clear(): void {
    this.schemas.clear();
  }
}
