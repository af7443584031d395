/** A binary min-heap of non-negative integers with a fixed capacity: the ready queue of a stable topological sort. */
export class IntMinHeap {
  private readonly items: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.length;
  }

  push(value: number): void {
    const a = this.items;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= value) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = value;
  }

  /** The smallest value; the heap must not be empty. */
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a[--this.length]!;
    const n = this.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
