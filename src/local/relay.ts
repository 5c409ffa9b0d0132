/**
 * The local Teams relay: sits between the Agents Playground and the bot, on
 * loopback, and adds the two things Teams does that the playground (0.2.x) does
 * not:
 *
 * 1. Who you are. The playground has a single fixed user. Everything it sends
 *    from that seat (messages, card clicks, installs) reaches the bot as the
 *    roster person you chose with the launcher's `som <id>` command — with
 *    their Teams id, AAD object id, name and client language, exactly as Teams
 *    would send it for them.
 * 2. Per-user card views. Teams refreshes a card that has `refresh` for each
 *    user in `refresh.userIds` (the bot lists the people it has seen) by sending the bot an `adaptiveCard/action`
 *    invoke (trigger "automatic") and showing that user the card the bot
 *    returns. The playground shows the shared card as is. The relay does the
 *    refresh for the person you act as: when the bot posts or updates a card
 *    with `refresh`, the relay asks the bot for that person's view and hands
 *    that to the playground (falling back to the shared card on any error). It
 *    does so even for a person not yet in `refresh.userIds` (and says so once),
 *    so that you can play anyone straight away.
 *    Switching person re-renders every card in the chat as the new person.
 *
 *   playground ──POST /api/messages──▶ relay ──▶ bot /api/messages
 *   bot ──/_connector/v3/...──▶ relay ──▶ playground /_connector/v3/...
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Person } from "../domain/roster.js";
import { PLAYGROUND_SEAT, teamsUserId } from "./playground-config.js";

const CARD = "application/vnd.microsoft.card.adaptive";
const MAX_BODY = 1024 * 1024;
const REFRESH_TIMEOUT_MS = 8_000;

export interface RelayOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** Who you are at start. */
  actingAs: Person;
  /** Lines for the launcher's console (switches, skipped refreshes). */
  onNote?: (line: string) => void;
}

interface KnownCard {
  conversationId: string;
  activityId: string;
  /** The activity as the bot last sent it (shared view). */
  activity: Record<string, any>;
  /** Whose view the playground shows now (undefined: the shared view). */
  renderedFor: string | undefined;
}

type Json = Record<string, any>;

export class TeamsRelay {
  private server?: http.Server;
  private playgroundUrl?: string;
  private acting: Person;
  private readonly cards = new Map<string, KnownCard>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly noted = new Set<string>();
  private readonly queues = new Map<string, Promise<void>>();
  url = "";

  constructor(private readonly options: RelayOptions) {
    this.acting = options.actingAs;
  }

  get actingAs(): Person {
    return this.acting;
  }

  /** The bot sends its replies here (the playground's --service-url). */
  get connectorUrl(): string {
    return `${this.url}/_connector`;
  }

  /** The playground sends activities here (the playground's --app-endpoint). */
  get messagesEndpoint(): string {
    return `${this.url}/api/messages`;
  }

  async start(port = 0): Promise<this> {
    const server = http.createServer((req, res) => {
      const work = this.serve(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "RelayError", message: (err as Error).message } }));
      });
      this.track(work);
    });
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Where the playground listens (known once it has started). */
  setPlayground(url: string): void {
    this.playgroundUrl = url.replace(/\/$/, "");
  }

  /** Act as another roster person: from now on the playground's seat is them; every card is re-rendered for them. */
  async actAs(person: Person): Promise<void> {
    this.acting = person;
    await Promise.all([...this.cards.values()].map((c) => this.rerender(c)));
  }

  /** Waits until no request through the relay is in flight (tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------------------

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://relay");
    const body = await readBody(req);
    if (req.method === "POST" && url.pathname === "/api/messages") {
      const activity = JSON.parse(body.toString("utf8") || "{}") as Json;
      const r = await this.toBot(this.asActingPerson(activity), req.headers.authorization);
      return send(res, r.status, r.body, r.contentType);
    }
    if (url.pathname.startsWith("/_connector/")) return this.toPlayground(req.method ?? "GET", url, body, req.headers, res);
    if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, JSON.stringify({ status: "ok" }), "application/json");
    return send(res, 404, JSON.stringify({ error: { code: "NotFound" } }), "application/json");
  }

  /** An activity from the playground's seat becomes one from the person you act as. */
  private asActingPerson(activity: Json): Json {
    if (activity?.from?.id !== PLAYGROUND_SEAT.id) return activity;
    const p = this.acting;
    const locale = p.locale === "en" ? "en-US" : "nb-NO";
    return {
      ...activity,
      from: { ...activity.from, id: teamsUserId(p), name: p.name, aadObjectId: p.aadObjectId },
      locale,
      ...(Array.isArray(activity.entities)
        ? { entities: activity.entities.map((e: Json) => (e?.type === "clientInfo" ? { ...e, locale, country: "NO", timezone: "Europe/Oslo" } : e)) }
        : { entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }] }),
    };
  }

  private async toBot(activity: Json, authorization?: string): Promise<{ status: number; body: string; contentType: string }> {
    const res = await fetch(this.options.botEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") ?? "application/json" };
  }

  /** The bot's Bot Connector calls, passed on to the playground; cards with `refresh` get the acting person's view. */
  private async toPlayground(method: string, url: URL, body: Buffer, headers: http.IncomingHttpHeaders, res: http.ServerResponse): Promise<void> {
    if (!this.playgroundUrl) return send(res, 503, JSON.stringify({ error: { code: "PlaygroundNotReady" } }), "application/json");
    const m = /^\/_connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    const activity = m && (method === "POST" || method === "PUT") ? safeJson(body.toString("utf8")) : undefined;
    const forward = async (payload: string) => {
      const r = await fetch(`${this.playgroundUrl}${url.pathname}${url.search}`, {
        method,
        headers: pickHeaders(headers),
        ...(method === "GET" || method === "HEAD" ? {} : { body: payload }),
      });
      return { status: r.status, ok: r.ok, text: await r.text(), contentType: r.headers.get("content-type") ?? "application/json" };
    };
    if (!m || !activity || !refreshAction(activity)) {
      const r = await forward(body.toString("utf8"));
      return send(res, r.status, r.text, r.contentType);
    }
    // A card with `refresh`: show the acting person's view. Writes to one card are serialised, and a
    // card rendered for someone you are no longer acting as is rendered again, so the last view wins.
    const conversationId = decodeURIComponent(m[1]!);
    const putId = method === "PUT" ? decodeURIComponent(m[2]!) : undefined;
    const render = async () => {
      const person = this.acting;
      const personal = await this.personalView(activity, conversationId, putId);
      const r = await forward(personal ? JSON.stringify(personal) : body.toString("utf8"));
      const activityId = putId ?? safeJson(r.text)?.id;
      if (r.ok && typeof activityId === "string") this.cards.set(activityId, { conversationId, activityId, activity, renderedFor: personal ? person.id : undefined });
      return { r, activityId, person };
    };
    const { r, activityId, person } = putId ? await this.serialised(putId, render) : await render();
    // You switched person while this card was being rendered: render it again for the new person.
    if (r.ok && typeof activityId === "string" && person.id !== this.acting.id) void this.track(this.rerenderIfStale(activityId));
    return send(res, r.status, r.text, r.contentType);
  }

  /** Asks the bot for the acting person's view of a card, as Teams' automatic refresh does. */
  private async personalView(activity: Json, conversationId: string, activityId?: string): Promise<Json | undefined> {
    const action = refreshAction(activity)!;
    const p = this.acting;
    const userIds: unknown = action.userIds;
    if (Array.isArray(userIds) && userIds.length > 0 && !userIds.includes(teamsUserId(p)) && !this.noted.has(p.id)) {
      // Teams would refresh only for the listed users; the bot lists the people it has already seen.
      // Here we refresh anyway so you can play anyone at once, and say so once per person.
      this.noted.add(p.id);
      this.options.onNote?.(
        `Merk: ${p.name} står ikke (ennå) i kortenes refresh.userIds – i Teams ville ${p.name} sett fellesvisningen til boten har sett dem. Her vises personlig visning likevel.`,
      );
    }
    const locale = p.locale === "en" ? "en-US" : "nb-NO";
    const invoke = {
      type: "invoke",
      name: "adaptiveCard/action",
      id: `relay-refresh-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      timestamp: new Date().toISOString(),
      channelId: "msteams",
      serviceUrl: this.connectorUrl,
      from: { id: teamsUserId(p), name: p.name, aadObjectId: p.aadObjectId },
      recipient: activity.from ?? {},
      conversation: activity.conversation ?? { id: conversationId },
      locale,
      entities: [{ type: "clientInfo", locale, country: "NO", platform: "Web", timezone: "Europe/Oslo" }],
      ...(activityId ? { replyToId: activityId } : {}),
      value: { action: { type: "Action.Execute", verb: action.verb, data: action.data ?? {} }, trigger: "automatic" },
      channelData: { ...(activity.channelData ?? {}), source: { name: "message" } },
    };
    try {
      const r = await withTimeout(this.toBot(invoke), REFRESH_TIMEOUT_MS);
      const body = safeJson(r.body);
      if (r.status !== 200 || body?.type !== CARD || !body.value) return undefined;
      const attachments = (activity.attachments as Json[]).map((a) => (a?.contentType === CARD && a.content?.refresh ? { ...a, content: body.value } : a));
      return { ...activity, attachments };
    } catch {
      return undefined;
    }
  }

  private serialised<T>(activityId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(activityId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(activityId, tail);
    void tail.then(() => {
      if (this.queues.get(activityId) === tail) this.queues.delete(activityId);
    });
    return next;
  }

  private rerenderIfStale(activityId: string): Promise<void> {
    const card = this.cards.get(activityId);
    if (!card || card.renderedFor === this.acting.id) return Promise.resolve();
    return this.rerender(card);
  }

  /** Renders a known card again for the person you act as now (PUT to the playground, as Teams' refresh would show it). */
  private rerender(card: KnownCard): Promise<void> {
    let person = this.acting;
    return this.serialised(card.activityId, async () => {
      const current = this.cards.get(card.activityId) ?? card;
      person = this.acting;
      if (current.renderedFor === person.id || !this.playgroundUrl) return;
      const personal = await this.personalView(current.activity, current.conversationId, current.activityId);
      if (!personal) return;
      const path = `/_connector/v3/conversations/${encodeURIComponent(current.conversationId)}/activities/${encodeURIComponent(current.activityId)}`;
      const r = await fetch(`${this.playgroundUrl}${path}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...personal, id: current.activityId }),
      }).catch(() => undefined);
      if (r?.ok) this.cards.set(current.activityId, { ...current, renderedFor: person.id });
    }).then(() => (person.id !== this.acting.id ? this.rerenderIfStale(card.activityId) : undefined));
  }
}

function refreshAction(activity: Json): Json | undefined {
  const atts = Array.isArray(activity?.attachments) ? (activity.attachments as Json[]) : [];
  for (const a of atts) {
    const r = a?.contentType === CARD ? a.content?.refresh : undefined;
    if (r?.action?.verb) return { ...r.action, userIds: r.userIds };
  }
  return undefined;
}

function safeJson(text: string): Json | undefined {
  try {
    return text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    return undefined;
  }
}

function pickHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["content-type", "authorization", "accept"]) {
    const v = h[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, body ? { "content-type": contentType } : {});
  res.end(body);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout")), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
