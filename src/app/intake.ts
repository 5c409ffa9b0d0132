/**
 * Registering an application (mottak av søknad, 000 §4.1 step 3): validate the
 * whole input (every problem at once, nothing stored when there is one), give
 * it the next case code of the year, store it as "received", audit, and tell
 * the applying HF's fagdirektør it has arrived.
 *
 * This file also holds what the coordinator's use cases outside the meeting
 * share (services, who the coordinator is, who the applying HF's fagdirektør
 * is, status moves that the bot itself may make).
 */
import type { ZodError, ZodIssue } from "zod";
import { inOslo } from "../domain/calendar.js";
import type { Case } from "../domain/case.js";
import { CaseInputSchema, caseFromInput, type CaseInput } from "../domain/case-schema.js";
import { formatCaseCode, nextCaseCode, parseCaseCode } from "../domain/caseCode.js";
import { SYSTEM_ACTOR } from "../domain/lifecycle.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Person, Roster } from "../domain/roster.js";
import type { Actor } from "./actor.js";
import { appendAudit, auditId, type AuditActor } from "./audit.js";
import { stripCase, type CaseDoc } from "./case-store.js";
import type { Op } from "./meeting-service.js";
import type { Delivery, Notifier } from "./notifier.js";
import type { DocumentStore } from "./ports.js";
import { claimActivity, releaseActivity } from "./idempotency.js";

export type { Op };

/** What the coordinator's use cases need. */
export interface OfficeServices {
  store: DocumentStore;
  roster: Roster;
  notifier: Notifier;
  /** Quorum minimum (config QUORUM_MINIMUM, default 4). */
  quorumMinimum?: number;
}

// ── shared helpers ──────────────────────────────────────────────────────────

export const isCoordinator = (actor: Actor | undefined): actor is Actor => actor?.person.role === "coordinator";

export function auditActor(actor: Actor | "portal" | "system" | undefined): AuditActor {
  if (actor === undefined || actor === "system") return { rosterId: "system" };
  if (actor === "portal") return { rosterId: "portal" };
  return actor.aadObjectId ? { rosterId: actor.person.id, aadObjectId: actor.aadObjectId } : { rosterId: actor.person.id };
}

/**
 * The applying HF's fagdirektør: the roster person who is fagdirektør of that
 * HF (a committee member, a substitute or an hfContact). A member or hfContact
 * is preferred over a substitute if the roster lists more than one.
 */
export function applyingFagdirektor(roster: Roster, hfId: string): Person | undefined {
  const candidates = roster.people.filter(
    (p) => p.isFagdirektor && p.hfId === hfId && (p.role === "member" || p.role === "substitute" || p.role === "hfContact"),
  );
  return candidates.find((p) => p.role !== "substitute") ?? candidates[0];
}

export const coordinators = (roster: Roster): Person[] => roster.people.filter((p) => p.role === "coordinator");

/** Sends to every coordinator on the roster; ok when at least one got it. */
export async function toCoordinators(roster: Roster, send: (to: string) => Promise<Delivery>): Promise<{ delivered: boolean; deliveries: RecipientDelivery[] }> {
  const deliveries: RecipientDelivery[] = [];
  for (const p of coordinators(roster)) deliveries.push({ personId: p.id, delivery: await safeSend(() => send(p.id)) });
  return { delivered: deliveries.some((d) => d.delivery.ok), deliveries };
}

export interface RecipientDelivery {
  personId: string;
  delivery: Delivery;
}

/** A notifier that throws is a failed delivery, never a failed use case: the state change already happened. */
export async function safeSend(send: () => Promise<Delivery>): Promise<Delivery> {
  try {
    return await send();
  } catch {
    return { ok: false, reason: "failed" };
  }
}

export { moveCase } from "./case-store.js";

/** One input problem, for a 400 or a form: where, a stable code (i18n key), the params, and zod's English text. */
export interface InputProblem {
  path: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

/**
 * Every zod issue as a problem. Messages the domain schemas set are reason
 * codes (e.g. "privacy.nationalIdInText") and are used as the code; zod's own
 * issues get "input.*" codes.
 */
export function problemsFrom(error: ZodError, prefix: (string | number)[] = [], input?: unknown): InputProblem[] {
  return error.issues.flatMap((issue) => problemFrom(issue, prefix)).map((p) =>
    // "“{code}” is not a valid case code": name the code that was given.
    p.code === "caseCode.invalid" ? { ...p, params: { code: String(valueAt(input, p.path.slice(prefix.length ? prefix.join(".").length + 1 : 0))).slice(0, 40) } } : p,
  );
}

function valueAt(input: unknown, path: string): unknown {
  let v: unknown = input;
  for (const key of path ? path.split(".") : []) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function problemFrom(issue: ZodIssue, prefix: (string | number)[]): InputProblem[] {
  const path = [...prefix, ...issue.path].join(".");
  const message = issue.message;
  if (/^[a-z][A-Za-z]*\.[A-Za-z.]+$/.test(message)) return [{ path, code: message, message }];
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined"
        ? [{ path, code: "input.required", message }]
        : [{ path, code: "input.invalidType", params: { expected: issue.expected }, message }];
    case "unrecognized_keys":
      // One problem per unknown field, so a client sees exactly which to remove (e.g. a patient name field).
      return issue.keys.map((key) => ({ path: [...prefix, ...issue.path, key].join("."), code: "input.unknownField", message }));
    case "too_small":
      return [{ path, code: issue.type === "string" ? "input.required" : "input.tooSmall", params: { minimum: Number(issue.minimum) }, message }];
    case "too_big":
      return [{ path, code: "input.tooBig", params: { maximum: Number(issue.maximum) }, message }];
    case "invalid_enum_value":
      return [{ path, code: "input.notAllowed", params: { allowed: issue.options.join(", ") }, message }];
    case "invalid_string":
    case "invalid_date":
    case "invalid_literal":
    case "invalid_union":
      return [{ path, code: "input.invalidFormat", message }];
    default:
      return [{ path, code: "input.invalid", message }];
  }
}

// ── registering a case ─────────────────────────────────────────────────────

export interface Registered {
  case: Case;
  /** True when this operation had already registered the case (a retried request): nothing new was written or sent. */
  duplicate: boolean;
  /** The receipt to the applying HF's fagdirektør; a failure here does not undo the registration. */
  notification?: RecipientDelivery | { personId?: undefined; delivery: Delivery };
}

export type RegisterResult = { ok: true; value: Registered } | { ok: false; reason: { code: string; params?: Record<string, string | number> }; problems?: InputProblem[] };

/** Attempts at a fresh code when another registration took ours at the same moment. */
const MAX_CODE_ATTEMPTS = 20;

type IntakeDoc = CaseDoc & { intakeOpId: string };

/**
 * Registers an application. `actor` is the coordinator registering it by hand,
 * or "portal" for the authenticated intake endpoint. Invalid input returns
 * `input.invalid` with every problem and stores nothing.
 */
export async function registerCase(svc: OfficeServices, input: { input: unknown; actor?: Actor | "portal"; op: Op }): Promise<RegisterResult> {
  const { actor, op } = input;
  if (actor !== "portal" && !isCoordinator(actor)) return fail("error.notCoordinator");

  const parsed = CaseInputSchema.safeParse(input.input);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error, [], input.input);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }

  const findEarlier = async () =>
    (await svc.store.queryAll<IntakeDoc>("cases", "SELECT * FROM c WHERE c.intakeOpId = @op", [{ name: "@op", value: op.id }]))[0];
  const already = await findEarlier();
  if (already) return ok({ case: stripIntake(already), duplicate: true });
  // Two submits of one form at the same instant (a double click): one registers, the other finds it.
  if (!(await claimActivity(svc.store, `intake:${op.id}`, op.at))) {
    const registered = await findEarlier();
    return registered ? ok({ case: stripIntake(registered), duplicate: true }) : fail("intake.inProgress");
  }
  try {
    return await registerClaimed(svc, parsed.data, actor, op);
  } catch (err) {
    await releaseActivity(svc.store, `intake:${op.id}`, op.at, "failed").catch(() => undefined);
    throw err;
  }
}

async function registerClaimed(svc: OfficeServices, data: CaseInput, actor: Actor | "portal", op: Op): Promise<RegisterResult> {

  const year = inOslo(op.at).year;
  const given = data.code;
  let code = given ?? (await nextCodeFor(svc.store, year));
  let stored: Case | undefined;
  for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS && !stored; attempt++) {
    const theCase = caseFromInput(data, code);
    const doc: IntakeDoc = { ...theCase, type: "case", intakeOpId: op.id };
    if (await svc.store.createIfAbsent<IntakeDoc>("cases", doc)) {
      stored = theCase;
      break;
    }
    // A code given with the input (e.g. a paper application already numbered) is never swapped for another.
    if (given) {
      await releaseActivity(svc.store, `intake:${op.id}`, op.at, "failed");
      return fail("intake.caseCodeTaken", { code: given });
    }
    const seq = parseCaseCode(code);
    const fresh = await nextCodeFor(svc.store, year);
    code = seq.ok ? higher(fresh, formatCaseCode(year, seq.value.seq + 1)) : fresh;
  }
  if (!stored) {
    await releaseActivity(svc.store, `intake:${op.id}`, op.at, "failed");
    return fail("intake.noFreeCaseCode");
  }
  await releaseActivity(svc.store, `intake:${op.id}`, op.at, "done");

  await appendAudit(svc.store, {
    id: auditId(op.id, "case.registered"),
    scope: stored.id,
    at: op.at,
    actor: auditActor(actor),
    action: "case.registered",
    caseId: stored.id,
    summary: { after: "received" },
  });

  const director = applyingFagdirektor(svc.roster, stored.applyingHfId);
  const theCase = stored;
  const notification = director
    ? { personId: director.id, delivery: await safeSend(() => svc.notifier.caseReceived(director.id, theCase)) }
    : { delivery: { ok: false, reason: "notOnRoster" } as Delivery };
  return ok({ case: stored, duplicate: false, notification });
}

async function nextCodeFor(store: DocumentStore, year: number): Promise<string> {
  const rows = await store.queryAll<{ code: string }>("cases", "SELECT c.code FROM c");
  return nextCaseCode(year, rows.map((r) => r.code));
}

function higher(a: string, b: string): string {
  const pa = parseCaseCode(a);
  const pb = parseCaseCode(b);
  return pa.ok && pb.ok && pb.value.seq > pa.value.seq ? b : a;
}

export function stripIntake(doc: CaseDoc): Case {
  const { intakeOpId: _op, ...rest } = doc as IntakeDoc;
  return stripCase(rest);
}

export { SYSTEM_ACTOR };
