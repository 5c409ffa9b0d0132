/**
 * Routing the confirmed decision record to the applying HF's fagdirektør (000
 * §4.1 step 5), who acknowledges it ("Mottatt") and passes it on to the
 * treating doctor. When Teams cannot deliver, the coordinator is told at once
 * and gets the record to export as PDF and send another way; a record left
 * unacknowledged for N working days is followed up.
 */
import type { AppResult } from "../reason-codes.js";
import { workingDaysBetween } from "../../domain/calendar.js";
import { transition } from "../../domain/lifecycle.js";
import { isApproved } from "../../domain/decision-record.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { moveCase } from "../case-status.js";
import { isCoordinator, type Actor, type Doer, type Op } from "../context.js";
import { safeSend, type Delivery, type DeliveryFailure, type RecipientDelivery } from "../delivery.js";
import { tellCoordinators } from "../kept-notices.js";
import type { CoordinatorAlert } from "../notifier.js";
import { decisionRecipients } from "../people.js";
import type { AppServices } from "../services.js";
import { latestRecord } from "./records.js";
import { versionOf, type CardPlace, type Routing } from "./routing-state.js";

/** How long a claimed send keeps a second attempt out. */
const CLAIM_TTL_MS = 2 * 60_000;

export type Routed =
  | { state: "sent" | "acknowledged"; recordId: string; recipientId: string; sentAt: string; activityId?: string; duplicate: boolean }
  | {
      state: "failed";
      /** The record to export as PDF and send by other means. */
      recordId: string;
      recipientId?: string;
      /** The applying HF, named in the alert even when the roster has nobody there. */
      hfId: string;
      reason: DeliveryFailure;
      /** The coordinator(s) alerted at once. */
      alerts: RecipientDelivery[];
    };

const fresh = (caseId: string, recordId: string): Routing => ({ caseId, recordId, state: "failed", attempts: [] });

/**
 * Sends the latest version, which must be confirmed, to the applying HF's
 * fagdirektør. Already sent: nothing is sent again. Failed before: tried
 * again. `actor` is the coordinator, or "system" when the bot routes by itself.
 * `card` is the coordinator's record card the send was asked from: it is
 * remembered on the routing, so the card can show the HF's «Mottatt» later.
 */
export async function routeRecord(svc: AppServices, input: { caseId: string; actor?: Actor | "system"; op: Op; card?: CardPlace }): Promise<AppResult<Routed>> {
  const doer: Doer = input.actor ?? "system";
  if (doer !== "system" && !isCoordinator(doer)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const record = await latestRecord(svc, input.caseId);
  if (!record) return fail("record.notFound", { id: input.caseId });
  if (record.status !== "confirmed") return fail("record.notConfirmed", { id: record.id });
  if (!isApproved(record)) return fail("record.notApproved", { id: record.id }); // issue 14: the chair approves first

  const earlier = await svc.records.routing(input.caseId, record.id);
  if (earlier && (earlier.state === "sent" || earlier.state === "acknowledged") && earlier.sentAt && earlier.recipientId) {
    await advanceCase(svc, input.caseId, doer, earlier.sentAt);
    const card = input.card;
    if (card) await svc.records.changeRouting(input.caseId, record.id, (current) => (current ? { ...current, card } : undefined));
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
  const claim = await svc.records.changeRouting(input.caseId, record.id, (current) => {
    const mine = current?.claimedBy === input.op.id;
    const stale = current?.state === "sending" && Date.parse(input.op.at) - Date.parse(current.claimedAt ?? "") > CLAIM_TTL_MS;
    if (current && current.state !== "failed" && !stale && !mine) return undefined;
    return {
      ...(current ?? fresh(input.caseId, record.id)),
      state: "sending",
      claimedBy: input.op.id,
      claimedAt: input.op.at,
      ...(input.card ? { card: input.card } : {}),
    };
  });
  if (claim?.claimedBy !== input.op.id || claim.state !== "sending") return fail("routing.inProgress", { id: record.id });

  // Issue 14: to every decision recipient of the HF (the fagdirektør and deputies); delivered when one of them has it.
  const recipients = decisionRecipients(svc.roster, theCase.applyingHfId);
  const sends = await Promise.all(
    recipients.map(async (p) => ({ personId: p.id, delivery: await safeSend(() => svc.notifier.decisionRouted(p.id, record)) }) satisfies RecipientDelivery),
  );
  const reached = sends.find((s) => s.delivery.ok);
  const director = reached ? recipients.find((p) => p.id === reached.personId) : recipients[0];
  const delivery: Delivery = reached?.delivery ?? sends[0]?.delivery ?? { ok: false, reason: "notOnRoster" };
  const sentTo = sends.map((s) => ({
    personId: s.personId,
    ok: s.delivery.ok,
    ...(s.delivery.ok && s.delivery.activityId ? { activityId: s.delivery.activityId } : {}),
    ...(!s.delivery.ok ? { reason: s.delivery.reason } : {}),
  }));
  const attempt = { at: input.op.at, ok: delivery.ok, ...(delivery.ok ? {} : { reason: delivery.reason }) };
  await svc.records.changeRouting(input.caseId, record.id, (current) => {
    if (current && !(current.state === "sending" && current.claimedBy === input.op.id)) return undefined; // not ours any more
    const base = current ?? fresh(input.caseId, record.id);
    const attempts = [...base.attempts, attempt];
    const withRecipient = director ? { ...base, recipientId: director.id, recipients: sentTo } : base;
    if (delivery.ok) {
      const { failedAt: _f, failedReason: _r, ...rest } = withRecipient;
      return { ...rest, state: "sent", sentAt: input.op.at, ...(delivery.activityId ? { activityId: delivery.activityId } : {}), attempts };
    }
    return { ...withRecipient, state: "failed", failedAt: input.op.at, failedReason: delivery.reason, attempts };
  });

  await audit(svc.audit, {
    op: input.op,
    doer,
    action: delivery.ok ? "record.routed" : "record.routingFailed",
    caseId: input.caseId,
    after: delivery.ok
      ? `${record.id} to ${sentTo
          .filter((s) => s.ok)
          .map((s) => s.personId)
          .join(", ")}`
      : `${record.id}: ${delivery.reason}`,
  });

  if (delivery.ok && director) {
    await advanceCase(svc, input.caseId, doer, input.op.at);
    return ok({
      state: "sent",
      recordId: record.id,
      recipientId: director.id,
      sentAt: input.op.at,
      ...(delivery.activityId ? { activityId: delivery.activityId } : {}),
      duplicate: false,
    });
  }
  const reason: DeliveryFailure = delivery.ok ? "notOnRoster" : delivery.reason;
  const alert: CoordinatorAlert = {
    kind: "routingFailed",
    caseId: input.caseId,
    recordId: record.id,
    recipientId: director?.id ?? "",
    hfId: theCase.applyingHfId,
    reason,
  };
  const alerted = await tellCoordinators(svc, { kind: "alert", alert }, input.op.at, (to) => svc.notifier.alertCoordinator(to, alert));
  return ok({
    state: "failed",
    recordId: record.id,
    ...(director ? { recipientId: director.id } : {}),
    hfId: theCase.applyingHfId,
    reason,
    alerts: alerted.deliveries,
  });
}

/** recordConfirmed → routed; a corrected version routed later leaves the case where it is. */
async function advanceCase(svc: AppServices, caseId: string, doer: Doer, at: string): Promise<void> {
  await moveCase(svc.cases, caseId, "routed", doer, at, { from: ["recordConfirmed"] });
}

export interface Acknowledged {
  recordId: string;
  acknowledgedAt: string;
  acknowledgedBy: string;
  duplicate: boolean;
  /** The coordinator's record card the send was asked from, to show the acknowledgement on it. */
  card?: CardPlace;
  /** The coordinator(s) told (a fresh acknowledgement only). */
  told?: RecipientDelivery[];
  /** Issue 14: the HF's other decision recipients' cards (who got the record), to show who acknowledged. */
  others?: { personId: string; activityId: string }[];
}

/**
 * The applying HF's fagdirektør confirms receipt ("Mottatt"). Only they may
 * (the lifecycle rule decides who that is); pressing twice changes nothing.
 * The coordinator(s) are told, once.
 */
export async function acknowledge(svc: AppServices, input: { caseId: string; recordId: string; actor: Actor; op: Op }): Promise<AppResult<Acknowledged>> {
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  // The lifecycle's own rule on who may acknowledge, whatever status the case has reached.
  const allowed = transition({ ...theCase, status: "routed" }, "acknowledged", input.actor.person, input.op.at);
  if (!allowed.ok) return allowed;
  const [record, routing, versions] = await Promise.all([
    svc.records.get(input.caseId, input.recordId),
    svc.records.routing(input.caseId, input.recordId),
    svc.records.versions(input.caseId),
  ]);
  if (!record) return fail("record.notFound", { id: input.recordId });
  if (!routing || (routing.state !== "sent" && routing.state !== "acknowledged")) return fail("routing.notSent", { id: input.recordId });
  // A correction routed since supersedes this version: it is the one to acknowledge.
  for (const later of versions.filter((v) => v.version > record.version)) {
    const r = await svc.records.routing(input.caseId, later.id);
    if (r && (r.state === "sent" || r.state === "acknowledged")) return fail("record.notLatest", { id: input.recordId, latest: later.id });
  }
  if (routing.state === "acknowledged" && routing.acknowledgedAt && routing.acknowledgedBy) {
    return ok({ recordId: input.recordId, acknowledgedAt: routing.acknowledgedAt, acknowledgedBy: routing.acknowledgedBy, duplicate: true });
  }
  let result: Acknowledged = { recordId: input.recordId, acknowledgedAt: input.op.at, acknowledgedBy: input.actor.person.id, duplicate: false };
  await svc.records.changeRouting(input.caseId, input.recordId, (current) => {
    if (!current) return undefined;
    if (current.state === "acknowledged" && current.acknowledgedAt && current.acknowledgedBy) {
      result = { recordId: input.recordId, acknowledgedAt: current.acknowledgedAt, acknowledgedBy: current.acknowledgedBy, duplicate: true };
      return undefined;
    }
    result = { recordId: input.recordId, acknowledgedAt: input.op.at, acknowledgedBy: input.actor.person.id, duplicate: false };
    return { ...current, state: "acknowledged", acknowledgedAt: input.op.at, acknowledgedBy: input.actor.person.id };
  });
  const card = routing.card ? { card: routing.card } : {};
  if (result.duplicate) return ok({ ...result, ...card });
  const moved = await moveCase(svc.cases, input.caseId, "acknowledged", input.actor, input.op.at, { from: ["routed"] });
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere" && moved.reason.code !== "lifecycle.transitionNotAllowed") return moved;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: "record.acknowledged",
    caseId: input.caseId,
    before: "routed",
    after: `${input.recordId} acknowledged`,
  });
  const alert: CoordinatorAlert = {
    kind: "acknowledged",
    caseId: input.caseId,
    recordId: input.recordId,
    recipientId: input.actor.person.id,
    acknowledgedAt: result.acknowledgedAt,
  };
  const told = await tellCoordinators(svc, { kind: "alert", alert }, input.op.at, (to) => svc.notifier.alertCoordinator(to, alert));
  const others = (routing.recipients ?? []).flatMap((r) =>
    r.ok && r.activityId && r.personId !== input.actor.person.id ? [{ personId: r.personId, activityId: r.activityId }] : [],
  );
  return ok({ ...result, ...card, told: told.deliveries, ...(others.length > 0 ? { others } : {}) });
}

/** Routed records unacknowledged for at least `workingDays` working days. */
export function unacknowledged(routings: readonly Routing[], now: string, workingDays: number): Routing[] {
  return routings.filter((r) => r.state === "sent" && r.sentAt !== undefined && workingDaysBetween(r.sentAt, now) >= workingDays);
}

/** Only the newest version's routing per case: a superseded version is not chased. */
export function latestPerCase(routings: readonly Routing[]): Routing[] {
  const latest = new Map<string, Routing>();
  for (const r of routings) {
    const prev = latest.get(r.caseId);
    if (!prev || versionOf(r.recordId) > versionOf(prev.recordId)) latest.set(r.caseId, r);
  }
  return [...latest.values()];
}

/**
 * For a timer (config ACK_FOLLOW_UP_WORKING_DAYS): tells the coordinator(s)
 * about each record unacknowledged for N working days, once per record.
 */
export async function followUpsDue(svc: AppServices, input: { now: string }): Promise<{ alerted: string[]; failed: string[] }> {
  const due = unacknowledged(latestPerCase(await svc.records.routings()), input.now, svc.settings.ackFollowUpWorkingDays).filter((r) => !r.followUpAt);
  const alerted: string[] = [];
  const failed: string[] = [];
  for (const r of due) {
    const alert: CoordinatorAlert = {
      kind: "unacknowledged",
      caseId: r.caseId,
      recordId: r.recordId,
      recipientId: r.recipientId ?? "",
      sentAt: r.sentAt ?? "",
    };
    const sent = await tellCoordinators(svc, { kind: "alert", alert }, input.now, (to) => svc.notifier.alertCoordinator(to, alert));
    // Kept for a coordinator Teams cannot reach now: it waits in their chat, so it is not sent again.
    if (!sent.delivered && !sent.kept) {
      failed.push(r.recordId);
      continue;
    }
    await svc.records.changeRouting(r.caseId, r.recordId, (current) => (current && !current.followUpAt ? { ...current, followUpAt: input.now } : undefined));
    alerted.push(r.recordId);
  }
  return { alerted, failed };
}
