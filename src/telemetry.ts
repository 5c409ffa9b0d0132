/**
 * What the app tells the people who run it (OpenTelemetry; exported to
 * Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, see
 * telemetry-setup.ts; nothing otherwise). A trace per Teams turn and per HTTP
 * request, spans for store calls and outgoing sends; counters for invokes by
 * verb, refusals by reason, routing failures and timer runs.
 *
 * Attributes carry ids and codes only: an activity type, a verb, a reason
 * code, a container name, a status. Never free text, a name, a price or what
 * someone wrote in Teams: every attribute goes through `codes()`, which keeps
 * only short code-like values, and the callers pass codes. The privacy test
 * (test/security/telemetry-privacy.test.ts) runs a meeting and scans every
 * exported span and metric.
 *
 * Without a registered SDK the @opentelemetry/api calls are no-ops.
 */
import { metrics, SpanStatusCode, trace, type Attributes, type Counter, type MeterProvider } from "@opentelemetry/api";

export const TELEMETRY_NAME = "komitebot";

/** The metric names the code emits (infra/azure.bicep's alert rules name them too). */
export const METRICS = {
  invokes: "komitebot.invokes",
  refusals: "komitebot.refusals",
  routingFailures: "komitebot.routing.failures",
  timerRuns: "komitebot.timer.runs",
} as const;

/** A value that may be an attribute: a code or an id (letters, digits and . _ : / - only, short), a number or a boolean. */
const CODE = /^[A-Za-z0-9._:/-]{1,80}$/;

/** Only code-like values: anything else (text with spaces, a long string) is replaced by "redacted". */
export function codes(attrs: Record<string, string | number | boolean | undefined>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" && !CODE.test(v) ? "redacted" : v;
  }
  return out;
}

export interface SpanHandle {
  /** Adds code attributes (e.g. the outcome, a status code). */
  set(attrs: Record<string, string | number | boolean | undefined>): void;
}

/** Runs `work` in a span; an error ends the span as failed (its error name only, never its message). */
export async function inSpan<T>(
  name: string,
  attrs: Record<string, string | number | boolean | undefined>,
  work: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  return trace.getTracer(TELEMETRY_NAME).startActiveSpan(name, { attributes: codes(attrs) }, async (span) => {
    try {
      const result = await work({ set: (a) => span.setAttributes(codes(a)) });
      return result;
    } catch (err) {
      span.setAttributes(codes({ "error.type": (err as Error)?.name ?? "Error" }));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

// Counters are created from the meter provider registered when they are first used (after the SDK started).
const counters = new WeakMap<MeterProvider, Map<string, Counter>>();
function counter(name: string, description: string): Counter {
  const provider = metrics.getMeterProvider();
  let byName = counters.get(provider);
  if (!byName) counters.set(provider, (byName = new Map()));
  let c = byName.get(name);
  if (!c) byName.set(name, (c = provider.getMeter(TELEMETRY_NAME).createCounter(name, { description })));
  return c;
}

export const telemetry = {
  /** A card action (Action.Execute) by verb ("unknown" for one the bot does not know). */
  invoke(verb: string): void {
    counter(METRICS.invokes, "card actions by verb").add(1, codes({ verb }));
  },
  /** A refusal said to a user, by reason code (a use case's reason, invalid input, not on the roster…). */
  refusal(reason: string): void {
    counter(METRICS.refusals, "refusals by reason code").add(1, codes({ reason }));
  },
  /** A decision record that could not be delivered to the applying HF, by delivery reason. */
  routingFailure(reason: string): void {
    counter(METRICS.routingFailures, "decision records not delivered to the HF").add(1, codes({ reason }));
  },
  /** A timer job's run on this instance: ran, skipped (another instance holds its lease) or failed. */
  timerRun(job: string, outcome: "ran" | "skipped" | "failed"): void {
    counter(METRICS.timerRuns, "timer job runs").add(1, codes({ job, outcome }));
  },
};
