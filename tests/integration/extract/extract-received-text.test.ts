import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/contract.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { clearSecrets, registerSecret } from '../../../src/errors/index.js';
import { runExtract } from '../../../src/extract/index.js';
import { cursorPaginator, nonePaginator } from '../../../src/extract/paginate/index.js';
import type { SourceDescriptor } from '../../../src/extract/index.js';
import { col, req } from '../../../src/extract/sources/helpers.js';

const SECRET = 'sk-echoed-0123456789abcdef';

/**
 * A page written the way a real API may write it (indented, `\u00e9` escapes, an integer beyond 2^53):
 * `_raw` keeps each record exactly as received, except a record that had to be changed (scrubbed).
 */
function page(): string {
  return (
    '{\n  "items": [\n' +
    '    {"id": "a", "name": "caf\\u00e9", "big": 12345678901234567890, "nested": {"k": [1, 2, "]"]}},\n' +
    '    {"id":"b","name":"quote \\" and } brace","big":1}  ,\n' +
    `    {"id":"c","name":"leaks ${SECRET}","big":2}\n` +
    '  ],\n  "next": null\n}'
  );
}

const RECORD_A = '{"id": "a", "name": "caf\\u00e9", "big": 12345678901234567890, "nested": {"k": [1, 2, "]"]}}';
const RECORD_B = '{"id":"b","name":"quote \\" and } brace","big":1}';

const echoSource = (records?: SourceDescriptor['streams'][number]['records']): SourceDescriptor => ({
  kind: 'echo',
  title: 'Echo',
  partitionColumn: '_workspace',
  credentials: [{ name: 'apiKey', env: 'ECHO_API_KEY_{INSTANCE}', required: true }],
  baseUrl: { env: 'ECHO_BASE_URL' },
  headers: (c) => ({ authorization: `Bearer ${c['apiKey']}` }),
  streams: [
    {
      name: 'items',
      table: 'echo__items',
      description: 'items',
      method: 'GET',
      path: '/items',
      paginator: nonePaginator(),
      records: records ?? 'items',
      naturalKey: ['id'],
      columns: [req('id', 'string'), col('name', 'string')],
      fields: ['id', 'name', 'big', 'nested'],
    },
  ],
});

describe('records stored as received', () => {
  let server: Server | undefined;
  let adapter: Adapter | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await adapter?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
    clearSecrets();
    server = adapter = dir = undefined;
  });

  async function start(): Promise<{
    options: (d: SourceDescriptor) => Parameters<typeof runExtract>[0];
    run: (d: SourceDescriptor) => ReturnType<typeof runExtract>;
    raw: () => Promise<Map<string, { raw: string; hash: string }>> }> {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      // `?after=n`: page n of three one-record pages (the batching test); otherwise the page above.
      const after = /[?&]after=(\d+)/.exec(req.url ?? '')?.[1];
      if (after === undefined && !(req.url ?? '').includes('paged')) res.end(page());
      else {
        const n = Number(after ?? 0);
        res.end(JSON.stringify({ items: [{ id: `p${n}`, name: 'x'.repeat(100) }], next: n < 2 ? String(n + 1) : null }));
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'opp-received-'));
    adapter = await createAdapter({ name: 't', profileName: 't', type: 'duckdb', database: '', schema: 'main', threads: 1, settings: { path: join(dir, 'w.duckdb') } });
    await adapter.connect();
    const env = { ECHO_BASE_URL: `http://127.0.0.1:${port}`, ECHO_API_KEY_W: 'k' };
    const options = (d: SourceDescriptor): Parameters<typeof runExtract>[0] => ({ adapter: adapter!, env, sources: ['echo.w'], instances: [{ kind: 'echo', name: 'w' }], descriptors: [d] });
    return {
      options,
      run: (d) => runExtract(options(d)),
      raw: async () => {
        const rows = (await adapter!.execute('select id, _raw::varchar as raw, _record_hash as hash from raw.echo__items')).rows;
        return new Map(rows.map((r) => [String(r['id']), { raw: String(r['raw']), hash: String(r['hash']) }]));
      },
    };
  }

  it('keeps the text of each record as the API sent it, and re-runs find every record unchanged', async () => {
    registerSecret(SECRET);
    const h = await start();
    const first = await h.run(echoSource());
    expect(first.results[0]!.status).toBe('success');
    const rows = await h.raw();
    expect(rows.size).toBe(3);
    expect(rows.get('a')!.raw).toBe(RECORD_A); // escapes, spacing and the 20-digit integer kept
    expect(rows.get('b')!.raw).toBe(RECORD_B);
    // The record that echoed a credential was changed: its stored text is the scrubbed record, not the page's.
    const c = rows.get('c')!.raw;
    expect(c).not.toContain(SECRET);
    expect(c).toContain('****');
    expect(JSON.parse(c)).toMatchObject({ id: 'c', big: 2 });
    for (const { raw, hash } of rows.values()) expect(hash).toBe(createHash('sha1').update(raw).digest('hex'));

    const again = await h.run(echoSource());
    expect(again.results[0]!.recordsLoaded).toBe(3);
    expect(again.results[0]!.recordsUnchanged).toBe(3);
    const after = await h.raw();
    expect(after).toEqual(rows);
  });

  it('ends a batch at batchChars of record text as well as at batchSize rows', async () => {
    const h = await start();
    const paged = (): SourceDescriptor => {
      const d = echoSource();
      return { ...d, streams: d.streams.map((s) => ({ ...s, path: '/paged', paginator: cursorPaginator({ param: 'after', cursorPath: 'next' }) })) };
    };
    const run = async (batchChars?: number): Promise<number> => {
      const events: string[] = [];
      const res = await runExtract({ ...h.options(paged()), ...(batchChars ? { batchChars } : {}), onEvent: (e) => events.push(e.type) });
      expect(res.results[0]!.recordsLoaded).toBe(3);
      return events.filter((t) => t === 'batch').length;
    };
    // Three pages of one ~120-character record: one batch by default, one per page past 100 characters.
    expect(await run()).toBe(1);
    expect(await run(100)).toBe(3);
    expect(await run(200)).toBe(2);
    expect([...(await h.raw()).keys()].sort()).toEqual(['p0', 'p1', 'p2']);
  });

  it('serialises the parsed record when records come from a function (no received text to reuse)', async () => {
    const h = await start();
    await h.run(echoSource((body) => (body as { items: unknown[] }).items));
    const rows = await h.raw();
    expect(rows.get('a')!.raw).toBe(JSON.stringify({ id: 'a', name: 'café', big: 12345678901234567890, nested: { k: [1, 2, ']'] } }));
    expect(rows.get('b')!.raw).toBe(JSON.stringify({ id: 'b', name: 'quote " and } brace', big: 1 }));
  });
});
