/**
 * A fake Bot Connector service: the REST endpoints Teams' connector exposes to a
 * bot (send, reply, update, create 1:1 conversation, meeting participant,
 * targeted meeting notification). The
 * bot under test talks to it through botbuilder's real ConnectorClient, because
 * activities carry `serviceUrl` pointing here. Every call is recorded.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { teamsUserIdOf } from "./activities.js";

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
}

type Rule = (call: ConnectorCall) => { status: number; body?: unknown } | undefined;

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly uploads: { path: string; bytes: number; contentRange: string; body: Buffer }[] = [];
  private server?: http.Server;
  private rules: Rule[] = [];
  private seq = 0;
  /** meetingId -> aadObjectId -> inMeeting */
  readonly participants = new Map<string, Map<string, { inMeeting: boolean; role: string }>>();
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** Answer matching calls with a status (e.g. 403, 429) instead of success. Returns a remover. */
  when(rule: Rule): () => void {
    this.rules.push(rule);
    return () => (this.rules = this.rules.filter((r) => r !== rule));
  }

  reset(): void {
    this.calls.length = 0;
    this.rules = [];
  }

  /** Activities the bot sent (new messages and replies), optionally to one conversation. */
  sent(conversationId?: string): any[] {
    return this.calls
      .filter((c) => c.method === "POST" && /\/activities(\/[^/]+)?$/.test(c.path) && c.body?.type)
      .filter((c) => !conversationId || c.conversationId === conversationId)
      .map((c) => c.body);
  }

  updates(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === "PUT" && (!conversationId || c.conversationId === conversationId));
  }

  /** Targeted meeting notifications the bot sent (POST /v1/meetings/{meetingId}/notification), answered or not. */
  notifications(): (ConnectorCall & { meetingId: string })[] {
    return this.calls.flatMap((c) => {
      const m = c.method === "POST" ? /^\/v1\/meetings\/([^/]+)\/notification$/.exec(c.path) : null;
      return m ? [{ ...c, meetingId: decodeURIComponent(m[1]!) }] : [];
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, rawBytes: Buffer): void {
    const raw = rawBytes.toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    const body: any = raw ? safeJson(raw) : undefined;
    const m = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
    const call: ConnectorCall = {
      method: req.method ?? "GET",
      path,
      conversationId: m?.[1] ? decodeURIComponent(m[1]) : undefined,
      activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
      body,
    };
    this.calls.push(call);
    for (const rule of this.rules) {
      const r = rule(call);
      if (r) return reply(res, r.status, r.body ?? { error: { code: "Simulated", message: `simulated ${r.status}` } });
    }
    const meeting = /^\/v1\/meetings\/([^/]+)\/participants\/([^/]+)/.exec(path);
    if (meeting && req.method === "GET") {
      const mId = decodeURIComponent(meeting[1]!);
      const uId = decodeURIComponent(meeting[2]!);
      // Teams looks a participant up by either id; the test registers them by Entra object id.
      const p = [...(this.participants.get(mId)?.entries() ?? [])].find(([aad]) => aad === uId || teamsUserIdOf(aad) === uId);
      if (!p) return reply(res, 404, { error: { code: "NotFound", message: "participant not found" } });
      return reply(res, 200, { user: { id: uId, aadObjectId: p[0] }, meeting: { inMeeting: p[1].inMeeting, role: p[1].role }, conversation: { id: "x" } });
    }
    // Teams' meeting notification API: 202 when every recipient was reached (a `when()` rule can answer 403/404 instead).
    if (/^\/v1\/meetings\/[^/]+\/notification$/.test(path) && req.method === "POST") return reply(res, 202, {});
    // A OneDrive-like upload URL for file consent (the bot PUTs the file's bytes here).
    if (path.startsWith("/upload/") && req.method === "PUT") {
      this.uploads.push({ path, bytes: rawBytes.length, contentRange: String(req.headers["content-range"] ?? ""), body: rawBytes });
      return reply(res, 201, { id: path });
    }
    if (path === "/v3/conversations" && req.method === "POST") {
      const member = body?.members?.[0]?.id ?? "unknown";
      return reply(res, 200, { id: `a:1on1-${member}` });
    }
    if (req.method === "POST" && call.conversationId) return reply(res, 200, { id: `act-${++this.seq}` });
    if (req.method === "PUT" && call.conversationId) return reply(res, 200, { id: call.activityId });
    return reply(res, 404, { error: { code: "NotFound", message: path } });
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
