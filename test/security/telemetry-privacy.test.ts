/**
 * Issue 16: what the app sends to Application Insights carries ids and codes
 * only. An OpenTelemetry SDK with in-memory exporters stands in for Azure
 * Monitor; a small meeting runs through the whole app (taking up a case,
 * positions, a refused position, the conclusion, the record confirmed with a
 * reasoning, a routing that fails, a typed message), and every exported span
 * and metric is scanned for the roster's names, the cases' free text and
 * prices, what people typed, and Teams user ids. The expected spans and
 * metrics must be there too, so the scan cannot pass on an empty export.
 */
import { metrics, trace } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { demoCases } from "../../src/demo/seed.js";
import { METRICS } from "../../src/telemetry.js";
import { botAddedToMeeting, cardAction, installationUpdate, meetingMessage, participantJoin, teamsUserIdOf } from "../support/activities.js";
import { BotHarness, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { testToday } from "../support/clock.js";
import { GRANT_FINDINGS } from "../support/record-findings.js";

const MEETING = `M-${testToday.toISODate()}`;
const FONNA_CASE = `TO-${testToday.year}-001`; // Helse Fonna: m-vest-2 recused; dir-fonna has not installed the app, so routing fails
const REASONING = "Pasienten er klinisk eksepsjonell; kriteriene er trolig oppfylt etter samlet vurdering.";
const TYPED = "Hei alle sammen, pasienten har hatt en tøff høst med mye smerter";

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });

let h: BotHarness;

beforeAll(async () => {
  tracerProvider.register();
  metrics.setGlobalMeterProvider(meterProvider);
  h = await BotHarness.start();
  const who = (id: string) => h.who(id);
  for (const id of ["coord", "chair"]) await h.send(installationUpdate(h.url, who(id)));
  await h.send(botAddedToMeeting(h.url, who("chair")));
  await h.send(participantJoin(h.url, ["m-sorost-1", "m-vest-1", "m-vest-2", "m-midt-1", "s-vest-2"].map(who)));
  await h.send(meetingMessage(h.url, who("chair"), "neste sak"));
  await h.send(meetingMessage(h.url, who("m-sorost-1"), TYPED));
  // A refusal: the recused member's position.
  expect(invokeMessage(await h.send(cardAction(h.url, who("m-vest-2"), "position", { meetingId: MEETING, caseId: FONNA_CASE, position: "grant" })))).toMatch(
    /inhabil/i,
  );
  for (const m of ["m-sorost-1", "m-vest-1", "m-midt-1", "s-vest-2"])
    await h.send(cardAction(h.url, who(m), "position", { meetingId: MEETING, caseId: FONNA_CASE, position: "grant" }));
  expect(invokeCard(await h.send(cardAction(h.url, who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA_CASE })))).toBeTruthy();
  const draft = (await latestRecord(h.svc, FONNA_CASE))!;
  const asCoordinator = (verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, who("coord"), verb, data, { personal: true }));
  await asCoordinator("confirmRecord", { caseId: FONNA_CASE, recordId: draft.id, reasoning: REASONING, ...GRANT_FINDINGS });
  await h.send(cardAction(h.url, who("chair"), "approveRecord", { caseId: FONNA_CASE, recordId: draft.id }, { personal: true }));
  await asCoordinator("routeRecord", { caseId: FONNA_CASE, recordId: draft.id });
  expect((await h.svc.records.routing(FONNA_CASE, draft.id))?.state).toBe("failed");
  await h.host.timers.runOnce();
  await reader.forceFlush();
});

afterAll(async () => {
  await h?.stop();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
});

type Attr = { where: string; key: string; value: unknown };

function exportedAttributes(): Attr[] {
  const out: Attr[] = [];
  for (const s of spans.getFinishedSpans()) {
    out.push({ where: "span name", key: "name", value: s.name });
    for (const [key, value] of Object.entries(s.attributes)) out.push({ where: `span ${s.name}`, key, value });
    for (const e of s.events) {
      out.push({ where: `event on ${s.name}`, key: "name", value: e.name });
      for (const [key, value] of Object.entries(e.attributes ?? {})) out.push({ where: `event on ${s.name}`, key, value });
    }
    if (s.status.message) out.push({ where: `status of ${s.name}`, key: "message", value: s.status.message });
  }
  for (const rm of metricExporter.getMetrics())
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) {
        out.push({ where: "metric", key: "name", value: m.descriptor.name });
        for (const dp of m.dataPoints) for (const [key, value] of Object.entries(dp.attributes)) out.push({ where: `metric ${m.descriptor.name}`, key, value });
      }
  return out;
}

function forbidden(): string[] {
  const words: string[] = [TYPED, REASONING, ...TYPED.split(/\s+/).filter((w) => w.length >= 5), ...REASONING.split(/[\s;,.]+/).filter((w) => w.length >= 6)];
  for (const p of h.roster.people) {
    words.push(p.name, ...p.name.split(/\s+/).filter((w) => w.length >= 4));
    if (p.aadObjectId) words.push(p.aadObjectId, teamsUserIdOf(p.aadObjectId));
  }
  for (const c of demoCases(h.clock.now())) {
    words.push(c.method.name, c.priority.benefit, c.priority.severity, c.priority.resourceUse, ...c.grounds.map((g) => g.reasoning));
    if (c.cost.note) words.push(c.cost.note);
    for (const n of [c.cost.price, c.cost.treatmentCost]) if (n !== undefined && n >= 1000) words.push(String(n));
  }
  return [...new Set(words.filter((w) => w.trim().length > 0))];
}

describe("telemetry", () => {
  it("exports a trace per Teams turn and HTTP request, spans for store calls and sends, and the four metrics", () => {
    const names = spans.getFinishedSpans().map((s) => s.name);
    expect(names).toContain("teams.turn");
    expect(names).toContain("HTTP POST /api/messages");
    expect(names).toContain("teams.send");
    const turns = spans.getFinishedSpans().filter((s) => s.name === "teams.turn");
    expect(turns.map((s) => s.attributes["komitebot.verb"])).toEqual(expect.arrayContaining(["position", "conclude", "confirmRecord", "routeRecord"]));
    expect(turns.every((s) => typeof s.attributes["komitebot.outcome"] === "string")).toBe(true);
    const store = spans.getFinishedSpans().filter((s) => s.name.startsWith("store."));
    expect(store.map((s) => s.attributes["db.collection.name"])).toEqual(expect.arrayContaining(["meetings", "cases", "records", "leases"]));
    // A store call inside a turn is part of that turn's trace.
    const turnIds = new Set(turns.map((s) => s.spanContext().traceId));
    expect(store.some((s) => turnIds.has(s.spanContext().traceId))).toBe(true);

    const points = (name: string) =>
      metricExporter
        .getMetrics()
        .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints.map((dp) => ({ attributes: dp.attributes, value: dp.value as number })));
    expect(points(METRICS.invokes).map((p) => p.attributes.verb)).toEqual(expect.arrayContaining(["position", "conclude"]));
    expect(points(METRICS.refusals).length).toBeGreaterThan(0);
    expect(points(METRICS.routingFailures).reduce((n, p) => n + p.value, 0)).toBeGreaterThanOrEqual(1);
    expect(points(METRICS.timerRuns).map((p) => p.attributes.job)).toEqual(expect.arrayContaining(["papersReminders", "ackFollowUps"]));
  });

  it("carries no name, free text, price, message text or Teams user id in any span or metric", () => {
    const attrs = exportedAttributes();
    expect(attrs.length).toBeGreaterThan(100);
    const words = forbidden();
    expect(words.length).toBeGreaterThan(30);
    const leaks = attrs.flatMap((a) => {
      const text = String(a.value);
      return words.filter((w) => text.includes(w)).map((w) => `${a.where} ${a.key}=${text} contains «${w}»`);
    });
    expect(leaks).toEqual([]);
  });

  it("keeps every attribute value a code, an id or a number: no spaces, nothing long", () => {
    const notCodes = exportedAttributes().filter(
      (a) => a.where !== "span name" && !(typeof a.value === "number" || typeof a.value === "boolean" || /^[A-Za-z0-9._:/-]{1,80}$/.test(String(a.value))),
    );
    expect(notCodes).toEqual([]);
  });
});
