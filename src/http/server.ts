/**
 * The HTTP server: a small route table over node:http. Bodies are read with a
 * size cap and parsed as JSON before any handler sees them; a handler that
 * throws gets a 500 with no internals leaked.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { inSpan } from "../telemetry.js";

export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The query string's parameters (GET pages). */
  query?: URLSearchParams;
  /** The path's captured parts, for a route whose path is a pattern (e.g. the case code in /api/cases/{code}/documents). */
  params?: string[];
  /**
   * Routes with `rawBody` only: reads the body as bytes, at most `maxBytes`
   * (streamed; over the cap it stops keeping what it reads and answers tooLarge).
   * The handler calls it when it wants the body (after authenticating).
   */
  readRaw?: (maxBytes: number) => Promise<{ ok: true; body: Buffer } | { ok: false; tooLarge: boolean }>;
}

export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Content streamed as it comes (a document); set content-type in headers. Takes the place of body. */
  stream?: NodeJS.ReadableStream;
}

export type Handler = (req: HttpRequest) => Promise<HttpResponse>;

export interface Route {
  method: "GET" | "POST";
  /** An exact path, or a pattern whose groups become req.params. */
  path: string | RegExp;
  /** For a pattern: how traces name the route (e.g. "/api/cases/{code}/documents"), never the ids in the path. */
  template?: string;
  handler: Handler;
  /** The body is bytes of any type, read by the handler itself with req.readRaw (not JSON, not capped at MAX_BODY_BYTES). */
  rawBody?: boolean;
}

/** Past the cap, a body is still read (and dropped) up to this much more, so the client gets the answer; beyond it the connection is closed. */
const DRAIN_EXTRA_BYTES = 16 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(routes: Route[], port: number, host: string, onError: (err: unknown) => void): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    void serve(routes, req, res, onError);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(routes: Route[], req: http.IncomingMessage, res: http.ServerResponse, onError: (err: unknown) => void): Promise<void> {
  let path: string;
  let query: URLSearchParams;
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    path = url.pathname;
    query = url.searchParams;
  } catch {
    // e.g. "GET //": not a URL relative to the host. Thrown here it was an unhandled rejection (a crash).
    send(res, { status: 400, body: { error: "bad request target" } });
    return;
  }
  const matching = routes.flatMap((r) => {
    if (typeof r.path === "string") return r.path === path ? [{ route: r, params: [] as string[] }] : [];
    const m = r.path.exec(path);
    return m ? [{ route: r, params: m.slice(1).map((g) => g ?? "") }] : [];
  });
  const found = matching.find((c) => c.route.method === req.method);
  // A trace per request: the method, the route (a known path or pattern, else "unmatched": never the query string or ids) and the status.
  const method = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"].includes(req.method ?? "") ? req.method! : "other";
  const known = found?.route ?? matching[0]?.route;
  const template = known ? (typeof known.path === "string" ? known.path : (known.template ?? "pattern")) : "unmatched";
  await inSpan(`HTTP ${method} ${template}`, { "http.request.method": method, "http.route": template }, async (span) => {
    const status = await answer(found, matching.length > 0, path, query, req, res, onError);
    span.set({ "http.response.status_code": status });
  });
}

async function answer(
  found: { route: Route; params: string[] } | undefined,
  pathKnown: boolean,
  path: string,
  query: URLSearchParams,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  onError: (err: unknown) => void,
): Promise<number> {
  if (!pathKnown) return send(res, { status: 404, body: { error: "not found" } });
  if (!found) return send(res, { status: 405, body: { error: "method not allowed" } });
  const { route, params } = found;
  try {
    if (route.rawBody) {
      const out = await route.handler({
        method: req.method ?? "GET",
        path,
        headers: req.headers,
        body: undefined,
        query,
        params,
        readRaw: (max) => readRawBody(req, max),
      });
      // A body the handler did not read (it refused before): close the connection rather than read it.
      if (!req.complete) out.headers = { ...(out.headers ?? {}), connection: "close" };
      const status = send(res, out);
      if (!req.complete) res.once("finish", () => req.destroy());
      return status;
    }
    let body: unknown = undefined;
    if (req.method === "POST") {
      const read = await readBody(req);
      if (!read.ok) return send(res, { status: read.status, body: { error: read.error } });
      body = read.body;
    }
    const out = await route.handler({ method: req.method ?? "GET", path, headers: req.headers, body, query, params });
    return send(res, out);
  } catch (err) {
    onError(err);
    return send(res, { status: 500, body: { error: "internal error" } });
  }
}

type ReadResult = { ok: true; body: unknown } | { ok: false; status: number; error: string };

function readBody(req: http.IncomingMessage): Promise<ReadResult> {
  return new Promise((resolve) => {
    const type = String(req.headers["content-type"] ?? "");
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve({ ok: false, status: 413, error: `body larger than ${MAX_BODY_BYTES} bytes` });
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("error", () => {
      if (!done) resolve({ ok: false, status: 400, error: "could not read the body" });
      done = true;
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      if (!/^application\/(.+\+)?json\b/i.test(type)) return resolve({ ok: false, status: 415, error: "content-type must be application/json" });
      try {
        resolve({ ok: true, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch {
        resolve({ ok: false, status: 400, error: "body is not valid JSON" });
      }
    });
  });
}

/** Reads a body as bytes up to maxBytes; past it, drains (dropping) a while so the client can read the answer, then gives up. */
function readRawBody(req: http.IncomingMessage, maxBytes: number): Promise<{ ok: true; body: Buffer } | { ok: false; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > maxBytes;
    const finish = (r: { ok: true; body: Buffer } | { ok: false; tooLarge: boolean }) => {
      req.removeAllListeners("data");
      resolve(r);
    };
    if (over && declared > maxBytes + DRAIN_EXTRA_BYTES) return finish({ ok: false, tooLarge: true });
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        if (size > maxBytes + DRAIN_EXTRA_BYTES) finish({ ok: false, tooLarge: true });
        return;
      }
      if (!over) chunks.push(c);
    });
    req.on("error", () => finish({ ok: false, tooLarge: false }));
    req.on("end", () => finish(over ? { ok: false, tooLarge: true } : { ok: true, body: Buffer.concat(chunks) }));
  });
}

/** Writes the answer; returns its status (for the request's span). */
function send(res: http.ServerResponse, out: HttpResponse): number {
  if (res.headersSent) return res.statusCode;
  const headers: Record<string, string> = { "cache-control": "no-store", "x-content-type-options": "nosniff", ...(out.headers ?? {}) };
  if (out.stream) {
    const source = out.stream;
    res.writeHead(out.status, headers);
    // A stream that fails midway ends the response: the client sees a short body, never a second status.
    source.on("error", () => res.destroy());
    res.on("close", () => (source as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.());
    source.pipe(res);
    return out.status;
  }
  if (out.body === undefined) {
    res.writeHead(out.status, headers);
    res.end();
    return out.status;
  }
  if (typeof out.body === "string" && headers["content-type"]) {
    res.writeHead(out.status, headers);
    res.end(out.body);
    return out.status;
  }
  res.writeHead(out.status, { ...headers, "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(out.body));
  return out.status;
}
