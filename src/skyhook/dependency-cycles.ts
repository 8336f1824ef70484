/**
 * Dependency cycles among a Skyhook's packages, which the operator admits (its graph only checks that every
 * dependency exists) and then never resolves: a package in a cycle never becomes ready to apply.
 */

/** The cycles of a directed graph, one per strongly connected component, each as a closed path `[a, b, a]`. */
export function findCycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = [...nodes].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Tarjan's algorithm; graphs here have a handful of packages, so recursion depth is no concern.
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      components.push(component.sort());
    }
  };
  for (const v of order) if (!index.has(v)) visit(v);

  const cycles: string[][] = [];
  for (const component of components) {
    const start = component[0] as string;
    const inside = new Set(component);
    if (component.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // Shortest path back to the start inside the component (breadth first, neighbours in name order).
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const v = queue.shift() as string;
      for (const w of [...(edges.get(v) ?? [])].sort()) {
        if (!inside.has(w)) continue;
        if (w === start) {
          previous.set(start, v);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    let at = previous.get(start) as string;
    while (at !== start) {
      path.unshift(at);
      at = previous.get(at) as string;
    }
    path.unshift(start);
    cycles.push(path);
  }
  return cycles.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
}
