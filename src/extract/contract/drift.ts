/**
 * Schema drift: fields that appear but the descriptor does not know (added), and known fields that
 * some records lack (missing). Fields are top-level names or dotted paths (`metrics.spend`); a field
 * that has dotted children declared is checked one level down too. Names ending in `?` are optional
 * and never reported missing. Each field is reported once per run.
 */
export interface DriftReport {
  readonly added: readonly string[];
  readonly missing: readonly string[];
}

interface FieldNode {
  readonly children: Map<string, FieldNode>;
  optional: boolean;
}

function newNode(): FieldNode {
  return { children: new Map(), optional: false };
}

export class DriftTracker {
  private readonly root: FieldNode = newNode();
  private readonly added = new Set<string>();
  private readonly missing = new Set<string>();
  private reported = false;

  constructor(fields: readonly string[]) {
    for (const field of fields) {
      const optional = field.endsWith('?');
      const parts = (optional ? field.slice(0, -1) : field).split('.');
      let node = this.root;
      for (const part of parts) {
        let child = node.children.get(part);
        if (!child) {
          child = newNode();
          node.children.set(part, child);
        }
        node = child;
      }
      node.optional = optional;
    }
  }

  observe(record: Readonly<Record<string, unknown>>): void {
    this.walk(this.root, record, '');
  }

  private walk(node: FieldNode, value: Readonly<Record<string, unknown>>, prefix: string): void {
    for (const key in value) {
      const child = node.children.get(key);
      if (!child) {
        const path = prefix + key;
        if (!this.added.has(path)) this.added.add(path);
        continue;
      }
      if (child.children.size > 0) {
        const v = value[key];
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) this.walk(child, v as Record<string, unknown>, `${prefix}${key}.`);
      }
    }
    for (const [name, child] of node.children) {
      if (!child.optional && !(name in value)) {
        const path = prefix + name;
        if (!this.missing.has(path)) this.missing.add(path);
      }
    }
  }

  /** The drift seen so far, once: later calls return undefined. Undefined when there is none. */
  takeReport(): DriftReport | undefined {
    if (this.reported || (this.added.size === 0 && this.missing.size === 0)) return undefined;
    this.reported = true;
    return { added: [...this.added].sort(), missing: [...this.missing].sort() };
  }
}
