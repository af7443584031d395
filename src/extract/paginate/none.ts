import type { PageRequest, Paginator } from './types.js';

/** One call, no pagination (reference lists, date-driven endpoints). */
export function nonePaginator(): Paginator {
  return {
    kind: 'none',
    first: (req: PageRequest) => req,
    next: () => undefined,
  };
}
