/**
 * Schema drift: top-level fields that appear but the descriptor does not know (added), and known
 * fields that some records lack (missing). Field names ending in `?` are optional and never
 * reported missing. Each field is reported once per run.
 */
export interface DriftReport {
  readonly added: readonly string[];
  readonly missing: readonly string[];
}

export class DriftTracker {
  private readonly known: Set<string>;
  private readonly expected: readonly string[];
  private readonly added = new Set<string>();
  private readonly missing = new Set<string>();
  private reported = false;

  constructor(fields: readonly string[]) {
    this.known = new Set(fields.map((f) => (f.endsWith('?') ? f.slice(0, -1) : f)));
    this.expected = fields.filter((f) => !f.endsWith('?'));
  }

  observe(record: Readonly<Record<string, unknown>>): void {
    for (const key in record) {
      if (!this.known.has(key) && !this.added.has(key)) this.added.add(key);
    }
    for (const field of this.expected) {
      if (!(field in record) && !this.missing.has(field)) this.missing.add(field);
    }
  }

  /** The drift seen so far, once: later calls return undefined. Undefined when there is none. */
  takeReport(): DriftReport | undefined {
    if (this.reported || (this.added.size === 0 && this.missing.size === 0)) return undefined;
    this.reported = true;
    return { added: [...this.added].sort(), missing: [...this.missing].sort() };
  }
}
