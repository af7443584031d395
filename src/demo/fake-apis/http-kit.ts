/** Minimal HTTP plumbing shared by the fake servers (node:http only). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A handler's answer: a complete body, or a stream of text chunks (NDJSON downloads). */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON text or another complete body. */
  readonly body?: string;
  /** A complete body given as parts to concatenate (large pages: avoids building one big string). */
  readonly parts?: readonly string[];
  /** A body already encoded by a BodyBuilder. */
  readonly encoded?: BodyBuilder;
  /** Chunks written one after another (chunked transfer encoding). */
  readonly stream?: Iterable<string>;
  /** Content type (default application/json; charset=utf-8). */
  readonly contentType?: string;
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), ...(headers ? { headers } : {}) };
}

export function jsonText(status: number, text: string, headers?: Record<string, string>): Reply {
  return { status, body: text, ...(headers ? { headers } : {}) };
}

export async function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface TruncateSpec {
  readonly keepFraction: number;
  readonly abort: boolean;
}

/** Writes a reply, optionally cut short (truncated-body fault). */
export function writeReply(res: ServerResponse, reply: Reply, truncate?: TruncateSpec): void {
  const headers: Record<string, string> = { 'content-type': reply.contentType ?? 'application/json; charset=utf-8', ...reply.headers };
  if (reply.stream) {
    res.writeHead(reply.status, headers);
    if (!truncate) {
      writeStream(res, reply.stream[Symbol.iterator]());
      return;
    }
    // Truncated stream: send part of the text, cut a line in half, then stop.
    let text = '';
    for (const chunk of reply.stream) text += chunk;
    const cut = text.slice(0, Math.floor(text.length * truncate.keepFraction));
    if (truncate.abort) {
      res.write(cut);
      res.socket?.destroy();
      return;
    }
    res.end(cut);
    return;
  }
  if (reply.encoded && !truncate) {
    reply.encoded.send(res, reply.status, headers);
    return;
  }
  if (reply.parts && !truncate) {
    writeParts(res, reply.status, headers, reply.parts);
    return;
  }
  const body = reply.encoded ? reply.encoded.text() : reply.parts ? reply.parts.join('') : (reply.body ?? '');
  if (!truncate) {
    const buf = Buffer.from(body, 'utf8');
    headers['content-length'] = String(buf.length);
    res.writeHead(reply.status, headers);
    res.end(buf);
    return;
  }
  const full = Buffer.from(body, 'utf8');
  const cut = full.subarray(0, Math.floor(full.length * truncate.keepFraction));
  if (truncate.abort) {
    // Announce the full length, send part, reset: the client sees the connection die mid-body.
    headers['content-length'] = String(full.length);
    res.writeHead(reply.status, headers);
    res.write(cut);
    setImmediate(() => res.socket?.destroy());
    return;
  }
  headers['content-length'] = String(cut.length);
  res.writeHead(reply.status, headers);
  res.end(cut);
}

/**
 * Large bodies are encoded into recycled buffers: a fresh multi-megabyte allocation per page costs
 * more (page faults, GC) than rendering the page. A buffer returns to the pool once the response
 * has been handed to the socket.
 */
const pool: Buffer[] = [];
const POOL_SIZE = 4;

function writeParts(res: ServerResponse, status: number, headers: Record<string, string>, parts: readonly string[]): void {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit: size for the worst case, skip a measuring pass.
  let chars = 0;
  for (const p of parts) chars += p.length;
  const length = chars * 3;
  let buf = pool.pop();
  if (!buf || buf.length < length) buf = Buffer.allocUnsafe(Math.max(length, 1 << 20));
  let offset = 0;
  for (const p of parts) offset += buf.write(p, offset, 'utf8');
  headers['content-length'] = String(offset);
  res.writeHead(status, headers);
  const owned = buf;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    if (pool.length < POOL_SIZE) pool.push(owned);
  };
  res.once('finish', release);
  res.end(buf.subarray(0, offset));
}

/**
 * Encodes text into a recycled buffer as it is produced, so each piece (e.g. one rendered incident)
 * can be dropped right away instead of living until the whole page is assembled.
 */
export class BodyBuilder {
  private buf: Buffer;
  private length = 0;

  constructor(expectedBytes = 1 << 20) {
    const pooled = pool.pop();
    this.buf = pooled && pooled.length >= expectedBytes ? pooled : Buffer.allocUnsafe(Math.max(expectedBytes, 1 << 20));
  }

  add(text: string): this {
    const worst = text.length * 3;
    if (this.length + worst > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + worst));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
    return this;
  }

  text(): string {
    return this.buf.toString('utf8', 0, this.length);
  }

  send(res: ServerResponse, status: number, headers: Record<string, string>): void {
    headers['content-length'] = String(this.length);
    res.writeHead(status, headers);
    const owned = this.buf;
    res.once('finish', () => {
      if (pool.length < POOL_SIZE) pool.push(owned);
    });
    res.end(owned.subarray(0, this.length));
  }
}

/** Writes chunks while respecting back-pressure. */
function writeStream(res: ServerResponse, it: Iterator<string>): void {
  const pump = (): void => {
    let batch = '';
    for (;;) {
      const next = it.next();
      if (next.done) {
        res.end(batch);
        return;
      }
      batch += next.value;
      if (batch.length >= 65_536) {
        const ok = res.write(batch);
        batch = '';
        if (!ok) {
          res.once('drain', pump);
          return;
        }
      }
    }
  };
  res.on('error', () => undefined);
  pump();
}

/** `Authorization: Bearer <token>` (or `token <token>`), else undefined. */
export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers['authorization'];
  if (typeof h !== 'string') return undefined;
  const m = /^(?:Bearer|token)\s+(.+)$/i.exec(h.trim());
  return m?.[1]?.trim();
}

/** HTTP Basic credentials, else undefined. */
export function basic(req: IncomingMessage): { user: string; password: string } | undefined {
  const h = req.headers['authorization'];
  if (typeof h !== 'string') return undefined;
  const m = /^Basic\s+(.+)$/i.exec(h.trim());
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return { user: text, password: '' };
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Integer query parameter: undefined when absent, NaN when malformed. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  return /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
}

/** RFC 7231 HTTP-date (as incident.io prints it, with "UTC"). */
export function httpDate(ms: number, zone: 'GMT' | 'UTC' = 'GMT'): string {
  return new Date(ms).toUTCString().replace('GMT', zone);
}

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function fromBase64url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}
