/**
 * Routing the confirmed decision record to the applying HF's fagdirektør (000
 * §4.1 step 5), who acknowledges it ("Mottatt") and passes it on to the
 * treating doctor. When Teams cannot deliver, the coordinator is told at once
 * and gets the record id to export as PDF and send another way; a record left
 * unacknowledged for N working days is followed up.
 *
 * The routing state is a document of its own in "records" (pk = case id,
 * id "routing:<recordId>"), so the confirmed record itself is never touched.
 */
import { workingDaysBetween } from "../domain/calendar.js";
import type { DecisionRecord } from "../domain/decision-record.js";
import { transition } from "../domain/lifecycle.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Actor } from "./actor.js";
import { appendAudit, auditId } from "./audit.js";
import { getCase } from "./case-store.js";
import { applyingFagdirektor, auditActor, isCoordinator, moveCase, safeSend, SYSTEM_ACTOR, toCoordinators, type OfficeServices, type Op, type RecipientDelivery } from "./intake.js";
import type { Delivery } from "./notifier.js";
import type { DocumentStore } from "./ports.js";
import { getRecord, latestRecord, listVersions } from "./record-service.js";

/** "sending": one attempt has claimed the send (a double click must not send the decision twice). */
export type RoutingState = "sending" | "sent" | "failed" | "acknowledged";

export interface RoutingDoc {
  id: string; // routing:<recordId>
  caseId: string;
  type: "routing";
  recordId: string;
  recipientId?: string;
  state: RoutingState;
  /** When the record went out, and the Teams activity that carried it. */
  sentAt?: string;
  activityId?: string;
  failedAt?: string;
  failedReason?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  attempts: { at: string; ok: boolean; reason?: string }[];
  /** The follow-up reminder to the coordinator, once delivered. */
  followUpAt?: string;
  /** The operation that claimed the send, and when (a claim older than CLAIM_TTL_MS is taken over). */
  claimedBy?: string;
  claimedAt?: string;
}

const CLAIM_TTL_MS = 2 * 60_000;

export const routingId = (recordId: string) => `routing:${recordId}`;

export async function getRouting(store: DocumentStore, caseId: string, recordId: string): Promise<RoutingDoc | undefined> {
  return (await store.get<RoutingDoc>("records", caseId, routingId(recordId)))?.doc;
}

export type Routed =
  | { state: "sent" | "acknowledged"; recordId: string; recipientId: string; sentAt: string; activityId?: string; duplicate: boolean }
  | {
      state: "failed";
      /** The record to export as PDF and send by other means. */
      recordId: string;
      recipientId?: string;
      reason: Exclude<Delivery, { ok: true }>["reason"];
      /** The coordinator(s) alerted at once. */
      alerts: RecipientDelivery[];
    };

/**
 * Sends the latest version, which must be confirmed, to the applying HF's
 * fagdirektør. Already sent: nothing is sent again. Failed before: tried
 * again. `actor` is the coordinator, or "system" when the bot routes right
 * after confirmation.
 */
export async function routeRecord(svc: OfficeServices, input: { caseId: string; actor?: Actor | "system"; op: Op }): Promise<Result<Routed>> {
  const actor = input.actor ?? "system";
  if (actor !== "system" && !isCoordinator(actor)) return fail("error.notCoordinator");
  const theCase = await getCase(svc.store, input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const record = await latestRecord(svc.store, input.caseId);
  if (!record) return fail("record.notFound", { id: input.caseId });
  if (record.status !== "confirmed") return fail("record.notConfirmed", { id: record.id });

  const earlier = await getRouting(svc.store, input.caseId, record.id);
  if (earlier && (earlier.state === "sent" || earlier.state === "acknowledged") && earlier.sentAt && earlier.recipientId) {
    await advanceCase(svc, input.caseId, actor, earlier.sentAt);
    return ok({
      state: earlier.state,
      recordId: record.id,
      recipientId: earlier.recipientId,
      sentAt: earlier.sentAt,
      ...(earlier.activityId ? { activityId: earlier.activityId } : {}),
      duplicate: true,
    });
  }

  // Claim the send before sending: of two clicks (or a click and a retry), one sends, the other is told it is under way.
  const claim = await svc.store.update<RoutingDoc>("records", input.caseId, routingId(record.id), (current) => {
    const mine = current?.claimedBy === input.op.id;
    const stale = current?.state === "sending" && Date.parse(input.op.at) - Date.parse(current.claimedAt ?? "") > CLAIM_TTL_MS;
    if (current && current.state !== "failed" && !stale && !mine) return undefined;
    const base: RoutingDoc = current ?? { id: routingId(record.id), caseId: input.caseId, type: "routing", recordId: record.id, state: "failed", attempts: [] };
    return { ...base, state: "sending", claimedBy: input.op.id, claimedAt: input.op.at };
  });
  if (claim?.doc.claimedBy !== input.op.id || claim.doc.state !== "sending") return fail("routing.inProgress", { id: record.id });

  const director = applyingFagdirektor(svc.roster, theCase.applyingHfId);
  const delivery: Delivery = director ? await safeSend(() => svc.notifier.decisionRouted(director.id, record)) : { ok: false, reason: "notOnRoster" };
  const attempt = { at: input.op.at, ok: delivery.ok, ...(delivery.ok ? {} : { reason: delivery.reason }) };
  await svc.store.update<RoutingDoc>("records", input.caseId, routingId(record.id), (current) => {
    if (current && !(current.state === "sending" && current.claimedBy === input.op.id)) return undefined; // not ours any more
    const base: RoutingDoc = current ?? { id: routingId(record.id), caseId: input.caseId, type: "routing", recordId: record.id, state: "failed", attempts: [] };
    const attempts = [...base.attempts, attempt];
    const withRecipient = director ? { ...base, recipientId: director.id } : base;
    if (delivery.ok) {
      const { failedAt: _f, failedReason: _r, ...rest } = withRecipient;
      return { ...rest, state: "sent", sentAt: input.op.at, ...(delivery.activityId ? { activityId: delivery.activityId } : {}), attempts };
    }
    return { ...withRecipient, state: "failed", failedAt: input.op.at, failedReason: delivery.reason, attempts };
  });

  await appendAudit(svc.store, {
    id: auditId(input.op.id, delivery.ok ? "record.routed" : "record.routingFailed"),
    scope: input.caseId,
    at: input.op.at,
    actor: auditActor(actor),
    action: delivery.ok ? "record.routed" : "record.routingFailed",
    caseId: input.caseId,
    summary: { after: delivery.ok ? `${record.id} to ${director?.id ?? "?"}` : `${record.id}: ${delivery.reason}` },
  });

  if (delivery.ok && director) {
    await advanceCase(svc, input.caseId, actor, input.op.at);
    return ok({ state: "sent", recordId: record.id, recipientId: director.id, sentAt: input.op.at, ...(delivery.activityId ? { activityId: delivery.activityId } : {}), duplicate: false });
  }
  const reason = delivery.ok ? "notOnRoster" : delivery.reason;
  const alerted = await toCoordinators(svc.roster, (to) =>
    svc.notifier.alertCoordinator(to, { kind: "routingFailed", caseId: input.caseId, recordId: record.id, recipientId: director?.id ?? "", reason }),
  );
  return ok({ state: "failed", recordId: record.id, ...(director ? { recipientId: director.id } : {}), reason, alerts: alerted.deliveries });
}

/** recordConfirmed → routed; a corrected version routed later leaves the case where it is. */
async function advanceCase(svc: OfficeServices, caseId: string, actor: Actor | "system", at: string): Promise<void> {
  await moveCase(svc.store, caseId, "routed", actor === "system" ? SYSTEM_ACTOR : actor.person, at, { from: ["recordConfirmed"] });
}

export interface Acknowledged {
  recordId: string;
  acknowledgedAt: string;
  acknowledgedBy: string;
  duplicate: boolean;
}

/**
 * The applying HF's fagdirektør confirms receipt ("Mottatt"). Only they may
 * (the lifecycle rule decides who that is); pressing twice changes nothing.
 */
export async function acknowledge(svc: OfficeServices, input: { caseId: string; recordId: string; actor: Actor; op: Op }): Promise<Result<Acknowledged>> {
  const theCase = await getCase(svc.store, input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  // The lifecycle's own rule on who may acknowledge, whatever status the case has reached.
  const allowed = transition({ ...theCase, status: "routed" }, "acknowledged", input.actor.person, input.op.at);
  if (!allowed.ok) return allowed;
  const record = await getRecord(svc.store, input.caseId, input.recordId);
  if (!record) return fail("record.notFound", { id: input.recordId });
  const routing = await getRouting(svc.store, input.caseId, input.recordId);
  if (!routing || (routing.state !== "sent" && routing.state !== "acknowledged")) return fail("routing.notSent", { id: input.recordId });
  // A correction routed since supersedes this version: it is the one to acknowledge.
  for (const later of (await listVersions(svc.store, input.caseId)).filter((v) => v.version > record.version)) {
    const r = await getRouting(svc.store, input.caseId, later.id);
    if (r && (r.state === "sent" || r.state === "acknowledged")) return fail("record.notLatest", { id: input.recordId, latest: later.id });
  }
  if (routing.state === "acknowledged" && routing.acknowledgedAt && routing.acknowledgedBy) {
    return ok({ recordId: input.recordId, acknowledgedAt: routing.acknowledgedAt, acknowledgedBy: routing.acknowledgedBy, duplicate: true });
  }
  let result: Acknowledged = { recordId: input.recordId, acknowledgedAt: input.op.at, acknowledgedBy: input.actor.person.id, duplicate: false };
  await svc.store.update<RoutingDoc>("records", input.caseId, routingId(input.recordId), (current) => {
    if (!current) return undefined;
    if (current.state === "acknowledged" && current.acknowledgedAt && current.acknowledgedBy) {
      result = { recordId: input.recordId, acknowledgedAt: current.acknowledgedAt, acknowledgedBy: current.acknowledgedBy, duplicate: true };
      return undefined;
    }
    return { ...current, state: "acknowledged", acknowledgedAt: input.op.at, acknowledgedBy: input.actor.person.id };
  });
  if (result.duplicate) return ok(result);
  const moved = await moveCase(svc.store, input.caseId, "acknowledged", input.actor.person, input.op.at, { from: ["routed"] });
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere" && moved.reason.code !== "lifecycle.transitionNotAllowed") return moved;
  await appendAudit(svc.store, {
    id: auditId(input.op.id, "record.acknowledged"),
    scope: input.caseId,
    at: input.op.at,
    actor: auditActor(input.actor),
    action: "record.acknowledged",
    caseId: input.caseId,
    summary: { before: "routed", after: `${input.recordId} acknowledged` },
  });
  return ok(result);
}

/** Routed records unacknowledged for at least `workingDays` working days. */
export function unacknowledged(routings: readonly RoutingDoc[], now: string, workingDays: number): RoutingDoc[] {
  return routings.filter((r) => r.state === "sent" && r.sentAt !== undefined && workingDaysBetween(r.sentAt, now) >= workingDays);
}

/** Only the newest version's routing per case: a superseded version is not chased. */
function latestPerCase(routings: readonly RoutingDoc[]): RoutingDoc[] {
  const version = (r: RoutingDoc) => Number(/-v(\d+)$/.exec(r.recordId)?.[1] ?? 0);
  const latest = new Map<string, RoutingDoc>();
  for (const r of routings) {
    const prev = latest.get(r.caseId);
    if (!prev || version(r) > version(prev)) latest.set(r.caseId, r);
  }
  return [...latest.values()];
}

export async function listRoutings(store: DocumentStore): Promise<RoutingDoc[]> {
  return store.queryAll<RoutingDoc>("records", "SELECT * FROM c WHERE c.type = 'routing'");
}

/**
 * For a timer (config ACK_FOLLOW_UP_WORKING_DAYS): tells the coordinator(s)
 * about each record unacknowledged for N working days, once per record.
 */
export async function followUpsDue(svc: OfficeServices, input: { now: string; workingDays: number }): Promise<{ alerted: string[]; failed: string[] }> {
  const due = unacknowledged(latestPerCase(await listRoutings(svc.store)), input.now, input.workingDays).filter((r) => !r.followUpAt);
  const alerted: string[] = [];
  const failed: string[] = [];
  for (const r of due) {
    const sent = await toCoordinators(svc.roster, (to) =>
      svc.notifier.alertCoordinator(to, { kind: "unacknowledged", caseId: r.caseId, recordId: r.recordId, recipientId: r.recipientId ?? "", sentAt: r.sentAt ?? "" }),
    );
    if (!sent.delivered) {
      failed.push(r.recordId);
      continue;
    }
    await svc.store.update<RoutingDoc>("records", r.caseId, r.id, (current) => (current && !current.followUpAt ? { ...current, followUpAt: input.now } : undefined));
    alerted.push(r.recordId);
  }
  return { alerted, failed };
}

export type { DecisionRecord };
