/**
 * The coordinator's completeness check (kompletthetskontroll, 000 §4.1 step 3,
 * §5.6): is the required information present? The coordinator never assesses
 * the content; the checklist is the domain's checkCompleteness, and a case
 * with anything missing goes back to the applying HF with exactly that list.
 */
import { checkReason } from "../../domain/free-text.js";
import type { AppResult } from "../reason-codes.js";
import { z } from "zod";
import type { Case } from "../../domain/case.js";
import { CaseInputSchema } from "../../domain/case-schema.js";
import { checkCompleteness, type MissingItem } from "../../domain/completeness.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveCase, settled } from "../case-status.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { NOBODY, type Delivery, type RecipientDelivery } from "../delivery.js";
import { tellHf } from "../kept-notices.js";
import { invalidInput, problemsFrom } from "../input.js";
import type { AppServices } from "../services.js";

export interface CheckStarted {
  case: Case;
  missing: MissingItem[];
}

/** received → completenessCheck; returns the checklist to show the coordinator. */
export async function startCheck(svc: AppServices, input: { caseId: string; actor: Actor; op: Op }): Promise<AppResult<CheckStarted>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const moved = await moveCase(svc.cases, input.caseId, "completenessCheck", input.actor, input.op.at, { from: ["received"] });
  const theCase = await settled(svc.cases, input.caseId, moved, "completenessCheck");
  if (!theCase.ok) return theCase;
  if (moved.ok)
    await audit(svc.audit, {
      op: input.op,
      doer: input.actor,
      action: "case.checkStarted",
      caseId: input.caseId,
      before: "received",
      after: "completenessCheck",
    });
  return ok({ case: theCase.value, missing: checkCompleteness(theCase.value, svc.roster) });
}

/** Opens a case for the coordinator: a received case starts its completeness check. */
export async function openCase(svc: AppServices, input: { caseId: string; actor: Actor; op: Op }): Promise<AppResult<Case>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const c = await svc.cases.byCode(input.caseId);
  if (!c) return fail("error.caseNotFound", { caseId: input.caseId });
  if (c.status !== "received") return ok(c);
  const started = await startCheck(svc, input);
  return started.ok ? ok(started.value.case) : started;
}

/** completenessCheck → ready, only when nothing is missing. */
export async function markReady(svc: AppServices, input: { caseId: string; actor: Actor; op: Op }): Promise<AppResult<Case>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const current = await svc.cases.byCode(input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  if (current.status === "completenessCheck") {
    const missing = checkCompleteness(current, svc.roster);
    if (missing.length > 0) return fail("completeness.incomplete", { count: missing.length });
  }
  const moved = await moveCase(svc.cases, input.caseId, "ready", input.actor, input.op.at, { from: ["completenessCheck"] });
  const theCase = await settled(svc.cases, input.caseId, moved, "ready");
  if (moved.ok)
    await audit(svc.audit, { op: input.op, doer: input.actor, action: "case.ready", caseId: input.caseId, before: "completenessCheck", after: "ready" });
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
export async function returnToHf(svc: AppServices, input: { caseId: string; actor: Actor; op: Op; reason?: string }): Promise<AppResult<Returned>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  // Issue 13: an optional reason of the coordinator's own besides the items (e.g. a ground the arrangement does not accept).
  let reason: string | undefined;
  if (input.reason !== undefined && input.reason.trim() !== "") {
    const checked = checkReason(input.reason);
    if (!checked.ok) return checked;
    reason = checked.value;
  }
  const current = await svc.cases.byCode(input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  const missing = checkCompleteness(current, svc.roster);
  if (current.status === "returned") {
    // A retried request: report what was sent, send nothing again.
    const last = current.returns.at(-1);
    const items = last ? missing.filter((m) => last.missing.includes(m.item)) : missing;
    return ok({ case: current, missing: items, notification: { delivery: { ok: true } } });
  }
  if (missing.length === 0 && !reason) return fail("completeness.nothingMissing");
  const moved = await moveCase(svc.cases, input.caseId, "returned", input.actor, input.op.at, {
    from: ["completenessCheck"],
    detail: { missing: [...new Set(missing.map((m) => m.item))], ...(reason ? { reason } : {}) },
  });
  if (!moved.ok) return moved;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "case.returned",
    caseId: input.caseId,
    before: "completenessCheck",
    after: `returned (${missing.length} missing)`,
  });
  // Issue 14: the HF's decision recipients (the fagdirektør first, then deputies); `notification` is the fagdirektør's.
  const notifications = await tellHf(svc, moved.value.applyingHfId, { kind: "caseReturned", caseId: moved.value.id, missing }, input.op.at, (to) =>
    svc.notifier.caseReturned(to, moved.value, missing),
  );
  const notification = notifications[0] ?? NOBODY;
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
    requirements: z.record(z.unknown()),
  })
  .partial()
  .strict();

/**
 * returned → completenessCheck with the supplied fields. Nested objects
 * (method, priority, cost) are merged field by field; lists replace. The
 * merged case must pass the same schema as a new application (free-text
 * rules, no national id, no unknown fields), else nothing changes.
 * `actor` is the coordinator, or "system" when the HF resubmits through the portal.
 */
export async function resubmit(svc: AppServices, input: { caseId: string; patch: unknown; actor: Actor | "system"; op: Op }): Promise<AppResult<CheckStarted>> {
  if (input.actor !== "system" && !isCoordinator(input.actor)) return fail("error.notCoordinator");
  const patch = PatchSchema.safeParse(input.patch);
  if (!patch.success) return invalidInput(problemsFrom(patch.error));
  const current = await svc.cases.byCode(input.caseId);
  if (!current) return fail("error.caseNotFound", { caseId: input.caseId });
  if (current.status !== "returned") {
    if (current.status === "completenessCheck") return ok({ case: current, missing: checkCompleteness(current, svc.roster) }); // a retry
    return fail("lifecycle.transitionNotAllowed", { from: current.status, to: "completenessCheck" });
  }
  const p = patch.data;
  const pick = <K extends keyof typeof p>(k: K, fallback: unknown) => (k in p ? p[k] : fallback);
  const catchment = pick("catchmentHfId", current.catchmentHfId);
  const merged = {
    method: { ...current.method, ...(p.method ?? {}) },
    applyingHfId: pick("applyingHfId", current.applyingHfId),
    ...(catchment !== undefined ? { catchmentHfId: catchment } : {}),
    grounds: pick("grounds", current.grounds),
    priority: { ...current.priority, ...(p.priority ?? {}) },
    cost: { ...current.cost, ...(p.cost ?? {}) },
    urgent: pick("urgent", current.urgent),
    attachments: pick("attachments", current.attachments),
    approvedByFagdirektor: pick("approvedByFagdirektor", current.approvedByFagdirektor),
    requirements: { ...(current.requirements ?? {}), ...(p.requirements ?? {}) },
    receivedAt: current.receivedAt,
  };
  const parsed = CaseInputSchema.safeParse(merged);
  if (!parsed.success) return invalidInput(problemsFrom(parsed.error));
  const { code: _code, receivedAt: _r, catchmentHfId, ...fields } = parsed.data;
  const moved = await moveCase(svc.cases, input.caseId, "completenessCheck", input.actor, input.op.at, {
    from: ["returned"],
    patch: (c) => {
      const next: Case = { ...c, ...fields };
      if (catchmentHfId && catchmentHfId !== next.applyingHfId) next.catchmentHfId = catchmentHfId;
      else delete next.catchmentHfId;
      return next;
    },
  });
  const theCase = await settled(svc.cases, input.caseId, moved, "completenessCheck");
  if (!theCase.ok) return theCase;
  if (moved.ok)
    await audit(svc.audit, {
      op: input.op,
      doer: input.actor,
      action: "case.resubmitted",
      caseId: input.caseId,
      before: "returned",
      after: "completenessCheck",
    });
  return ok({ case: theCase.value, missing: checkCompleteness(theCase.value, svc.roster) });
}
