/**
 * The coordinator's completeness check (kompletthetskontroll, 000 §4.1 step 3,
 * §5.6): is the required information present? The coordinator never assesses
 * the content; the checklist is the domain's checkCompleteness, and a case
 * with anything missing goes back to the applying HF with exactly that list.
 */
import { z } from "zod";
import type { Case } from "../domain/case.js";
import { CaseInputSchema } from "../domain/case-schema.js";
import { checkCompleteness, type MissingItem } from "../domain/completeness.js";
import { SYSTEM_ACTOR } from "../domain/lifecycle.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Roster } from "../domain/roster.js";
import type { Actor } from "./actor.js";
import { appendAudit, auditId } from "./audit.js";
import { getCase } from "./case-store.js";
import {
  applyingFagdirektor,
  auditActor,
  isCoordinator,
  moveCase,
  problemsFrom,
  safeSend,
  type InputProblem,
  type OfficeServices,
  type Op,
  type RecipientDelivery,
} from "./intake.js";
import type { Delivery } from "./notifier.js";

/** What is missing from the case, per the domain rule (empty when complete). */
export function checklist(theCase: Case, roster: Roster): MissingItem[] {
  return checkCompleteness(theCase, roster);
}

export interface CheckStarted {
  case: Case;
  missing: MissingItem[];
}

/** received → completenessCheck; returns the checklist to show the coordinator. */
export async function startCheck(svc: OfficeServices, input: { caseId: string; actor: Actor; op: Op }): Promise<Result<CheckStarted>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const moved = await moveCase(svc.store, input.caseId, "completenessCheck", input.actor.person, input.op.at, { from: ["received"] });
  const theCase = await settled(svc, input.caseId, moved, "completenessCheck");
  if (!theCase.ok) return theCase;
  if (moved.ok) await audit(svc, input, "case.checkStarted", "received", "completenessCheck");
  return ok({ case: theCase.value, missing: checklist(theCase.value, svc.roster) });
}

/** completenessCheck → ready, only when nothing is missing. */
export async function markReady(svc: OfficeServices, input: { caseId: string; actor: Actor; op: Op }): Promise<Result<Case>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const current = await getCase(svc.store, input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  if (current.status === "completenessCheck") {
    const missing = checklist(current, svc.roster);
    if (missing.length > 0) return fail("completeness.incomplete", { count: missing.length });
  }
  const moved = await moveCase(svc.store, input.caseId, "ready", input.actor.person, input.op.at, { from: ["completenessCheck"] });
  const theCase = await settled(svc, input.caseId, moved, "ready");
  if (moved.ok) await audit(svc, input, "case.ready", "completenessCheck", "ready");
  return theCase;
}

export interface Returned {
  case: Case;
  missing: MissingItem[];
  notification: RecipientDelivery | { personId?: undefined; delivery: Delivery };
}

/**
 * completenessCheck → returned, with the checklist's missing items, and tells
 * the applying HF's fagdirektør exactly what to add. A complete case cannot be
 * returned: there is nothing to ask for.
 */
export async function returnToHf(svc: OfficeServices, input: { caseId: string; actor: Actor; op: Op }): Promise<Result<Returned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const current = await getCase(svc.store, input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  const missing = checklist(current, svc.roster);
  if (current.status === "returned") {
    // A retried request: report what was sent, send nothing again.
    const last = current.returns.at(-1);
    const items = last ? missing.filter((m) => last.missing.includes(m.item)) : missing;
    return ok({ case: current, missing: items, notification: { delivery: { ok: true } } });
  }
  if (missing.length === 0) return fail("completeness.nothingMissing");
  const moved = await moveCase(svc.store, input.caseId, "returned", input.actor.person, input.op.at, {
    from: ["completenessCheck"],
    detail: { missing: [...new Set(missing.map((m) => m.item))] },
  });
  if (!moved.ok) return moved;
  await audit(svc, input, "case.returned", "completenessCheck", "returned", `${missing.length} missing`);
  const director = applyingFagdirektor(svc.roster, moved.value.applyingHfId);
  const notification = director
    ? { personId: director.id, delivery: await safeSend(() => svc.notifier.caseReturned(director.id, moved.value, missing)) }
    : { delivery: { ok: false, reason: "notOnRoster" } as Delivery };
  return ok({ case: moved.value, missing, notification });
}

/** Fields the applying HF may supply on resubmission: not the code, not the received time. */
const PatchSchema = z
  .object({
    method: z.record(z.unknown()),
    applyingHfId: z.unknown(),
    catchmentHfId: z.unknown(),
    grounds: z.unknown(),
    priority: z.record(z.unknown()),
    cost: z.record(z.unknown()),
    urgent: z.unknown(),
    attachments: z.unknown(),
    approvedByFagdirektor: z.unknown(),
  })
  .partial()
  .strict();

export type ResubmitResult =
  | { ok: true; value: { case: Case; missing: MissingItem[] } }
  | { ok: false; reason: { code: string; params?: Record<string, string | number> }; problems?: InputProblem[] };

/**
 * returned → completenessCheck with the supplied fields. Nested objects
 * (method, priority, cost) are merged field by field; lists replace. The
 * merged case must pass the same schema as a new application (free-text
 * rules, no national id, no unknown fields), else nothing changes.
 * `actor` is the coordinator, or "system" when the HF resubmits through the portal.
 */
export async function resubmit(
  svc: OfficeServices,
  input: { caseId: string; patch: unknown; actor: Actor | "system"; op: Op },
): Promise<ResubmitResult> {
  if (input.actor !== "system" && !isCoordinator(input.actor)) return fail("error.notCoordinator");
  const patch = PatchSchema.safeParse(input.patch);
  if (!patch.success) {
    const problems = problemsFrom(patch.error);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }
  const current = await getCase(svc.store, input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  if (current.status !== "returned") {
    if (current.status === "completenessCheck") return ok({ case: current, missing: checklist(current, svc.roster) }); // a retry
    return fail("lifecycle.transitionNotAllowed", { from: current.status, to: "completenessCheck" });
  }
  const p = patch.data;
  const merged = {
    method: { ...current.method, ...(p.method ?? {}) },
    applyingHfId: "applyingHfId" in p ? p.applyingHfId : current.applyingHfId,
    ...(("catchmentHfId" in p ? p.catchmentHfId : current.catchmentHfId) !== undefined
      ? { catchmentHfId: "catchmentHfId" in p ? p.catchmentHfId : current.catchmentHfId }
      : {}),
    grounds: "grounds" in p ? p.grounds : current.grounds,
    priority: { ...current.priority, ...(p.priority ?? {}) },
    cost: { ...current.cost, ...(p.cost ?? {}) },
    urgent: "urgent" in p ? p.urgent : current.urgent,
    attachments: "attachments" in p ? p.attachments : current.attachments,
    approvedByFagdirektor: "approvedByFagdirektor" in p ? p.approvedByFagdirektor : current.approvedByFagdirektor,
    receivedAt: current.receivedAt,
  };
  const parsed = CaseInputSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = problemsFrom(parsed.error);
    return { ok: false, reason: { code: "input.invalid", params: { count: problems.length } }, problems };
  }
  const { code: _code, receivedAt: _r, catchmentHfId, ...fields } = parsed.data;
  const by = input.actor === "system" ? SYSTEM_ACTOR : input.actor.person;
  const moved = await moveCase(svc.store, input.caseId, "completenessCheck", by, input.op.at, {
    from: ["returned"],
    patch: (c) => {
      const next: Case = { ...c, ...fields };
      if (catchmentHfId && catchmentHfId !== next.applyingHfId) next.catchmentHfId = catchmentHfId;
      else delete next.catchmentHfId;
      return next;
    },
  });
  const theCase = await settled(svc, input.caseId, moved, "completenessCheck");
  if (!theCase.ok) return theCase;
  if (moved.ok) await audit(svc, { caseId: input.caseId, actor: input.actor, op: input.op }, "case.resubmitted", "returned", "completenessCheck");
  return ok({ case: theCase.value, missing: checklist(theCase.value, svc.roster) });
}

/** A move that found the case already where it should go (a retry) counts as done. */
async function settled(svc: OfficeServices, caseId: string, moved: Result<Case>, to: Case["status"]): Promise<Result<Case>> {
  if (moved.ok) return moved;
  if (moved.reason.code !== "lifecycle.alreadyThere") return moved;
  const now = await getCase(svc.store, caseId);
  return now && now.status === to ? ok(now) : fail("error.caseNotFound", { caseId });
}

async function audit(
  svc: OfficeServices,
  input: { caseId: string; actor: Actor | "system"; op: Op },
  action: string,
  before: string,
  after: string,
  note?: string,
): Promise<void> {
  await appendAudit(svc.store, {
    id: auditId(input.op.id, action),
    scope: input.caseId,
    at: input.op.at,
    actor: auditActor(input.actor),
    action,
    caseId: input.caseId,
    summary: { before, after: note ? `${after} (${note})` : after },
  });
}
