/**
 * A Microsoft Graph stand-in on loopback for installing the app for a user
 * (issue 14): `POST /v1.0/users/{id}/teamwork/installedApps`. Every call is
 * recorded (with when it arrived); answers are scripted per user, one per
 * call in order (the last one repeats): 201 installed, 409 already installed,
 * 403 no consent, 404 unknown user, 429 with Retry-After. Unscripted users get 201.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface GraphCall {
  method: string;
  path: string;
  userId?: string;
  authorization?: string;
  body: any;
  /** Wall-clock arrival (ms), to check that Retry-After was waited for. */
  at: number;
}

export interface GraphAnswer {
  status: 201 | 409 | 403 | 404 | 429 | 500;
  retryAfter?: number;
}

const ERROR_CODES: Record<number, string> = { 403: "Forbidden", 404: "NotFound", 409: "Conflict", 429: "TooManyRequests", 500: "InternalServerError" };

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  private server?: http.Server;
  private scripts = new Map<string, GraphAnswer[]>();
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks).toString("utf8")));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** Answers for one user's installs, in order; the last one repeats. */
  script(aadObjectId: string, ...answers: GraphAnswer[]): void {
    this.scripts.set(aadObjectId.toLowerCase(), answers);
  }

  installsFor(aadObjectId: string): GraphCall[] {
    return this.calls.filter((c) => c.userId?.toLowerCase() === aadObjectId.toLowerCase());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    const call: GraphCall = {
      method: req.method ?? "GET",
      path,
      ...(m ? { userId: decodeURIComponent(m[1]!) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body: raw ? JSON.parse(raw) : undefined,
      at: Date.now(),
    };
    this.calls.push(call);
    if (!m || req.method !== "POST") return reply(res, 404, { error: { code: "NotFound", message: path } });
    if (!String(call.body?.["teamsApp@odata.bind"] ?? "").includes("/v1.0/appCatalogs/teamsApps/"))
      return reply(res, 400, { error: { code: "BadRequest", message: "teamsApp@odata.bind missing" } });
    const script = this.scripts.get(call.userId!.toLowerCase()) ?? [{ status: 201 }];
    const nth = this.installsFor(call.userId!).length - 1;
    const answer = script[Math.min(nth, script.length - 1)]!;
    if (answer.status === 201) return reply(res, 201, undefined);
    const headers: Record<string, string> = answer.retryAfter !== undefined ? { "retry-after": String(answer.retryAfter) } : {};
    return reply(res, answer.status, { error: { code: ERROR_CODES[answer.status] ?? "Error", message: `simulated ${answer.status}` } }, headers);
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
}
