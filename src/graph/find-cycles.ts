/**
 * Cycles among the nodes a topological sort could not place. Tarjan's algorithm (iterative) finds the
 * strongly connected components; from each, one simple cycle is extracted deterministically: it starts
 * at the component's smallest id and follows the shortest path (children in id order) back to it.
 */
export function findCycles(
  nodes: readonly string[],
  children: (id: string) => readonly string[],
): string[][] {
  const inScope = new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of [...nodes].sort()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const kids = children(frame.id);
      if (frame.next < kids.length) {
        const child = kids[frame.next++]!;
        if (!inScope.has(child)) continue;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter);
          counter++;
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    if (component.length === 1 && !children(start).includes(start)) continue;
    cycles.push(shortestCycle(start, members, children));
  }
  cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return cycles;
}

/** `[start, ..., start]`: the shortest path from start back to itself inside `members`. */
function shortestCycle(start: string, members: Set<string>, children: (id: string) => readonly string[]): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const child of children(id)) {
      if (!members.has(child)) continue;
      if (child === start) {
        const path = [id];
        let at = id;
        while (at !== start) {
          at = previous.get(at)!;
          path.push(at);
        }
        path.reverse();
        path.push(start);
        return path;
      }
      if (!previous.has(child)) {
        previous.set(child, id);
        queue.push(child);
      }
    }
  }
  return [start, start];
}
