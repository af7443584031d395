import { describe, expect, it } from 'vitest';
import { cursorPaginator } from './cursor.js';
import { planDateWindows } from './date-windows.js';
import { nonePaginator } from './none.js';
import { offsetPaginator } from './offset.js';
import { pageNumberPaginator } from './page-number.js';
import { paginate } from './paginate.js';
import { PaginationStallError } from './types.js';
import type { PageRequest, Paginator } from './types.js';

/** Walks a paginator over a list of canned bodies; returns the requests it made. */
async function walk(p: Paginator, bodies: unknown[], count: (b: unknown) => number, initial: PageRequest = { query: {} }) {
  const requests: PageRequest[] = [];
  let i = 0;
  for await (const page of paginate(p, initial, async (req) => {
    requests.push(req);
    const body = bodies[i++];
    return { body, records: new Array(count(body)).fill(0) };
  })) void page;
  return requests;
}

describe('cursorPaginator', () => {
  it('incident.io: sends pagination_meta.after back as after, stops when it is absent', async () => {
    const p = cursorPaginator({ param: 'after', cursorPath: 'pagination_meta.after', sizeParam: 'page_size', size: 2 });
    const bodies = [
      { incidents: [1, 2], pagination_meta: { after: 'B' } },
      { incidents: [3, 4], pagination_meta: { after: 'D' } },
      { incidents: [5], pagination_meta: {} },
    ];
    const reqs = await walk(p, bodies, (b) => (b as { incidents: unknown[] }).incidents.length);
    expect(reqs.map((r) => r.query)).toEqual([{ page_size: 2 }, { page_size: 2, after: 'B' }, { page_size: 2, after: 'D' }]);
  });

  it('stops on an empty page even if a cursor came back', async () => {
    const p = cursorPaginator({ param: 'after', cursorPath: 'pagination_meta.after' });
    const reqs = await walk(p, [{ pagination_meta: { after: 'X' } }], () => 0);
    expect(reqs).toHaveLength(1);
  });

  it('Anthropic/OpenAI: follows next_page while has_more', async () => {
    const p = cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 1000 });
    const reqs = await walk(
      p,
      [
        { data: [1], has_more: true, next_page: 'opaque==1' },
        { data: [2], has_more: false, next_page: 'opaque==2' },
      ],
      () => 1,
      { query: { starting_at: '2025-03-04' } },
    );
    expect(reqs.map((r) => r.query)).toEqual([
      { starting_at: '2025-03-04', limit: 1000 },
      { starting_at: '2025-03-04', limit: 1000, page: 'opaque==1' },
    ]);
  });

  it('Claude Enterprise: follows next_page until null (no has_more)', async () => {
    const p = cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more' });
    const reqs = await walk(p, [{ next_page: 'a' }, { next_page: 'b' }, { next_page: null }], () => 1);
    expect(reqs).toHaveLength(3);
  });

  it('OpenAI users: after = last_id', async () => {
    const p = cursorPaginator({ param: 'after', cursorPath: 'last_id', hasMorePath: 'has_more' });
    const reqs = await walk(p, [{ last_id: 'u2', has_more: true }, { last_id: 'u4', has_more: false }], () => 2);
    expect(reqs[1]!.query).toEqual({ after: 'u2' });
    expect(reqs).toHaveLength(2);
  });

  it('fails instead of looping when the API repeats a cursor', async () => {
    const p = cursorPaginator({ param: 'after', cursorPath: 'next' });
    await expect(walk(p, [{ next: 'same' }, { next: 'same' }], () => 1)).rejects.toBeInstanceOf(PaginationStallError);
  });
});

describe('offsetPaginator (Datadog)', () => {
  it('advances by the records received and stops on a short page', async () => {
    const p = offsetPaginator({ offsetParam: 'offset', limitParam: 'limit', limit: 2 });
    const reqs = await walk(p, [2, 2, 1], (b) => b as number);
    expect(reqs.map((r) => r.query)).toEqual([
      { offset: 0, limit: 2 },
      { offset: 2, limit: 2 },
      { offset: 4, limit: 2 },
    ]);
  });
  it('stops on an empty page after a full one', async () => {
    const p = offsetPaginator({ offsetParam: 'offset', limitParam: 'limit', limit: 2 });
    expect(await walk(p, [2, 0], (b) => b as number)).toHaveLength(2);
  });
});

describe('pageNumberPaginator', () => {
  it('LiteLLM: metadata.has_more decides', async () => {
    const p = pageNumberPaginator({ pageParam: 'page', sizeParam: 'page_size', size: 2, hasMorePath: 'metadata.has_more', totalPagesPath: 'metadata.total_pages' });
    const reqs = await walk(p, [{ metadata: { has_more: true } }, { metadata: { has_more: true } }, { metadata: { has_more: false } }], () => 2);
    expect(reqs.map((r) => r.query.page)).toEqual([1, 2, 3]);
  });
  it('total_pages when there is no flag', async () => {
    const p = pageNumberPaginator({ pageParam: 'page', size: 2, totalPagesPath: 'total_pages' });
    expect(await walk(p, [{ total_pages: 2 }, { total_pages: 2 }], () => 2)).toHaveLength(2);
  });
  it('GitHub seats: total_seats', async () => {
    const p = pageNumberPaginator({ pageParam: 'page', sizeParam: 'per_page', size: 2, totalPath: 'total_seats' });
    expect(await walk(p, [{ total_seats: 5 }, { total_seats: 5 }, { total_seats: 5 }], () => 2)).toHaveLength(3);
    expect(await walk(p, [{ total_seats: 4 }, { total_seats: 4 }], () => 2)).toHaveLength(2);
  });
  it('Cursor: parameters in the body, pagination.hasNextPage, or one page without pagination metadata', async () => {
    const p = pageNumberPaginator({ pageParam: 'page', sizeParam: 'pageSize', size: 500, in: 'body', hasMorePath: 'pagination.hasNextPage', singlePageWithoutMeta: true });
    const reqs = await walk(p, [{ pagination: { hasNextPage: true } }, { pagination: { hasNextPage: false } }], () => 500, { query: {}, body: { startDate: 1 } });
    expect(reqs.map((r) => r.body)).toEqual([
      { startDate: 1, page: 1, pageSize: 500 },
      { startDate: 1, page: 2, pageSize: 500 },
    ]);
    expect(await walk(p, [{ data: [] }], () => 500)).toHaveLength(1);
  });
  it('falls back to a short page', async () => {
    const p = pageNumberPaginator({ pageParam: 'page', size: 3 });
    expect(await walk(p, [3, 1], (b) => b as number)).toHaveLength(2);
  });
});

describe('nonePaginator', () => {
  it('makes one call', async () => {
    expect(await walk(nonePaginator(), [{}], () => 10)).toHaveLength(1);
  });
});

describe('planDateWindows', () => {
  it('one window per day', () => {
    expect([...planDateWindows('2025-02-27', '2025-03-02', 1)].map((w) => w.start)).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
  });
  it('≤30-day windows covering the range exactly once', () => {
    const ws = [...planDateWindows('2025-01-01', '2025-03-15', 30)];
    expect(ws.map((w) => [w.start, w.end])).toEqual([
      ['2025-01-01', '2025-01-30'],
      ['2025-01-31', '2025-03-01'],
      ['2025-03-02', '2025-03-15'],
    ]);
    for (const w of ws) expect(w.endExclusiveMs - w.startMs).toBeLessThanOrEqual(30 * 86_400_000);
  });
  it('is empty when start is after end and rejects bad sizes', () => {
    expect([...planDateWindows('2025-03-02', '2025-03-01', 1)]).toEqual([]);
    expect(() => [...planDateWindows('2025-03-01', '2025-03-02', 0)]).toThrow(RangeError);
  });
});
