import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { UsageError } from '../errors/index.js';

export interface ServeDocsOptions {
  /** 0 picks a free port. dbt's default is 8080. */
  readonly port: number;
  /** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  readonly host?: string;
}

export interface DocsServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.sql': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function send(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(message) });
  res.end(message);
}

/** Host header check: only loopback names (a DNS-rebinding page cannot read the docs). */
function hostAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return true; // HTTP/1.0 clients send none
  const host = hostHeader.startsWith('[') ? hostHeader.slice(1, hostHeader.indexOf(']')) : hostHeader.replace(/:\d+$/, '');
  return LOOPBACK.has(host.toLowerCase());
}

/**
 * The file under `root` a request path names, or undefined when it would leave `root` (`..`, encoded
 * `%2e%2e`, backslashes, NUL bytes, symlinks pointing outside). `/` is `index.html`.
 */
export async function resolveRequestPath(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return undefined;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const candidate = resolve(root, relative);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    if (info.isDirectory()) {
      const index = resolve(real, 'index.html');
      await stat(index);
      return index;
    }
    return info.isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(req.headers.host)) return send(res, 403, 'Forbidden\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'Method Not Allowed\n');
  }
  const file = await resolveRequestPath(root, req.url ?? '/');
  if (!file) return send(res, 404, 'Not Found\n');
  const info = await stat(file);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Serves the docs folder (`target/`) over HTTP on a loopback address: GET/HEAD only, no directory
 * listings, no path leaving the folder, correct content types. Resolves once listening.
 */
export async function serveDocs(dir: string, opts: ServeDocsOptions): Promise<DocsServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new UsageError('usage/bad-flag', `the docs server only listens on the loopback interface, not '${host}'`, {
      hint: 'Leave --host out (127.0.0.1); to share the docs, publish target/index.html as a static file.',
    });
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new UsageError('usage/bad-flag', `--port must be an integer from 0 to 65535, not '${String(opts.port)}'`, {
      hint: 'Pass a free port, e.g. --port 8080.',
    });
  }
  const root = await realpath(resolve(dir)).catch(() => {
    throw new UsageError('usage/bad-flag', `the docs folder '${dir}' does not exist`, { hint: "Run 'opp docs generate' first." });
  });
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        fail(new UsageError('usage/bad-flag', `port ${opts.port} is already in use`, { hint: 'Pass another port with --port.', cause: err }));
      } else fail(err);
    });
    server.listen(opts.port, host === 'localhost' ? '127.0.0.1' : host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
