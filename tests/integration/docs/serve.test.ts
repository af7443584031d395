import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs, type DocsServer } from '../../../src/docs/index.js';
import { UsageError } from '../../../src/errors/index.js';

interface Reply {
  readonly status: number;
  readonly type: string | undefined;
  readonly body: string;
}

/** A raw HTTP request: the path is sent exactly as given (fetch would normalise `..` away). */
function get(server: DocsServer, path: string, opts: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('serveDocs', () => {
  let root: string;
  let site: string;
  let server: DocsServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'opp-docs-serve-'));
    site = join(root, 'target');
    await mkdir(join(site, 'compiled'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><title>docs</title>');
    await writeFile(join(site, 'manifest.json'), '{"nodes":{}}');
    await writeFile(join(site, 'catalog.json'), '{"nodes":{}}');
    await writeFile(join(site, 'compiled', 'a b.sql'), 'select 1');
    await writeFile(join(root, 'secret.txt'), 'outside the site');
    await symlink(join(root, 'secret.txt'), join(site, 'link.txt'));
    server = await serveDocs(site, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 only', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html at / and the JSON artifacts with their content types', async () => {
    const index = await get(server, '/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('<title>docs</title>');
    expect(await get(server, '/index.html')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(server, '/manifest.json')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: '{"nodes":{}}' });
    expect(await get(server, '/catalog.json?v=1')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(await get(server, '/compiled/a%20b.sql')).toMatchObject({ status: 200, type: 'text/plain; charset=utf-8', body: 'select 1' });
    expect((await get(server, '/index.html', { method: 'HEAD' })).status).toBe(200);
  });

  it('refuses paths that leave the folder, however they are spelled', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/compiled/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/link.txt', '/index.html%00.txt']) {
      const reply = await get(server, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('outside the site');
    }
    expect((await get(server, '/missing.json')).status).toBe(404);
  });

  it('answers only GET and HEAD, and only for loopback Host headers', async () => {
    expect((await get(server, '/', { method: 'POST' })).status).toBe(405);
    expect((await get(server, '/', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(server, '/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('will not listen on a non-loopback address, a bad port, or a missing folder', async () => {
    await expect(serveDocs(site, { port: 0, host: '0.0.0.0' })).rejects.toBeInstanceOf(UsageError);
    await expect(serveDocs(site, { port: 70000 })).rejects.toBeInstanceOf(UsageError);
    await expect(serveDocs(join(root, 'nope'), { port: 0 })).rejects.toThrow(/does not exist/);
  });

  it('reports a port in use as a usage error with a hint', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await serveDocs(site, { port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).hint).toMatch(/--port/);
    } finally {
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });
});
