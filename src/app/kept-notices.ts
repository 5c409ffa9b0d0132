/**
 * Nothing is dropped in silence: a notification Teams cannot deliver (the
 * person never installed the app or wrote to the bot, blocked it, or Teams
 * failed) is kept for its recipient and delivered, in order and once, the
 * next time they open the chat with the bot (a message or the app's
 * installation). Kept by ids, it is rendered from the state at delivery, and
 * dropped when that state has moved on (a draft since confirmed, a routing
 * since delivered, papers since sent).
 *
 * Kept: the receipt and the return notice to the applying HF, the draft
 * record and the alerts to the coordinator. Not kept: the papers and the
 * routed decision, whose deliveries have their own record and follow-up (the
 * papers deliveries, «send papirer» again; the routing, its alert and the PDF).
 */
import type { Op } from "./context.js";
import { commentWindowCloses } from "../domain/record-comments.js";
import { approvalReview } from "./coordinator/sign-off.js";
import { safeSend, toCoordinators, type Delivery, type RecipientDelivery, type Told } from "./delivery.js";
import { decisionRecipients } from "./people.js";
import type { CoordinatorAlert, KeptNotice } from "./notifier.js";
import type { Reminder } from "./ports.js";
import type { AppServices } from "./services.js";
import { versionOf } from "./coordinator/routing-state.js";
import { currentInvitation } from "./meeting/preparation.js";
import { memberPositionsForRecord } from "./coordinator/member-reasons.js";
import { deferralNotice } from "./meeting/deferral-notice.js";

type Svc = Pick<AppServices, "notifier" | "notices">;

/** Ordering within one instant: notices kept at the same time stay in the order they were kept here. */
let sequence = 0;
const orderAt = (at: string) => (Date.parse(at) || 0) * 1000 + (sequence++ % 1000);

/** What a notice is about, so it is kept once per person (a second alert about a routing's new failure is a new notice). */
export function noticeKey(notice: KeptNotice, at: string): string {
  switch (notice.kind) {
    case "caseReceived":
      return `caseReceived:${notice.caseId}`;
    case "caseReturned":
      return `caseReturned:${notice.caseId}:${at}`;
    case "recordDrafted":
      return `recordDrafted:${notice.recordId}`;
    case "substituteInvited":
      return `substituteInvited:${notice.meetingId}:${at}`;
    case "approvalAsked":
      return `approvalAsked:${notice.recordId}`;
    case "signOff":
      return `signOff:${notice.recordId}:${notice.event}:${at}`;
    case "caseDeferred":
      return `caseDeferred:${notice.caseId}:${notice.meetingId}`;
    case "commentAsked":
      return `commentAsked:${notice.recordId}`;
    case "minutes":
      return `minutes:${notice.minutesId}:${notice.event}:${at}`;
    case "alert": {
      const a = notice.alert;
      if (a.kind === "papersLate") return `alert:papersLate:${a.meetingId}`;
      if (a.kind === "forecastBelow") return `alert:forecastBelow:${a.meetingId}`;
      if (a.kind === "urgentCase") return `alert:urgentCase:${a.caseId}`;
      if (a.kind === "routingFailed") return `alert:routingFailed:${a.recordId}:${at}`;
      if (a.kind === "installFailed") return `alert:installFailed:${a.reason}:${a.recipientId}`;
      return `alert:${a.kind}:${a.recordId}`;
    }
  }
}

/**
 * Sends a notification; when Teams cannot deliver it to a person who could
 * open the chat later, keeps it for them ({ kept: true }). A person the roster
 * cannot place in Teams (notOnRoster) has no chat to open: nothing is kept.
 */
export async function sendOrKeep(svc: Svc, input: { to: string; notice: KeptNotice; at: string; send: () => Promise<Delivery> }): Promise<Delivery> {
  const delivery = await safeSend(input.send);
  if (delivery.ok || delivery.reason === "notOnRoster") return delivery;
  const kept = await svc.notices
    .keep({ personId: input.to, key: noticeKey(input.notice, input.at), notice: input.notice, keptAt: input.at, order: orderAt(input.at) })
    .catch(() => false);
  if ((delivery.reason === "noConsent" || delivery.reason === "unknownUser") && "roster" in svc) {
    const notAboutInstalling = !(input.notice.kind === "alert" && input.notice.alert.kind === "installFailed");
    if (notAboutInstalling) await tellInstallFailed(svc as AppServices, input.to, delivery.reason, input.at);
  }
  return kept ? { ...delivery, kept: true } : delivery;
}

/**
 * Issue 14: the app could not be installed for a person the bot must write
 * to. The coordinator(s) are told once in plain words: once in all for a
 * missing admin consent (it blocks everyone alike), once per person for
 * someone the directory does not know.
 */
async function tellInstallFailed(svc: AppServices, personId: string, reason: "noConsent" | "unknownUser", at: string): Promise<void> {
  const once = reason === "noConsent" ? "installFailed:noConsent" : `installFailed:unknownUser:${personId}`;
  if (!(await svc.notices.firstTime(once, at).catch(() => false))) return;
  const alert: CoordinatorAlert = { kind: "installFailed", recipientId: personId, reason };
  await tellCoordinators(svc, { kind: "alert", alert }, at, (to) => svc.notifier.alertCoordinator(to, alert));
}

/**
 * Issue 14: tells every decision recipient of an HF (its fagdirektør and
 * deputies), keeping the notice for those Teams cannot reach now. Empty when
 * the roster names nobody there.
 */
export async function tellHf(
  svc: AppServices,
  hfId: string,
  notice: KeptNotice,
  at: string,
  send: (to: string) => Promise<Delivery>,
): Promise<RecipientDelivery[]> {
  return Promise.all(
    decisionRecipients(svc.roster, hfId).map(async (p) => ({
      personId: p.id,
      delivery: await sendOrKeep(svc, { to: p.id, notice, at, send: () => send(p.id) }),
    })),
  );
}

/** Tells every coordinator, keeping the notice for those Teams cannot reach now. */
export function tellCoordinators(svc: AppServices, notice: KeptNotice, at: string, send: (to: string) => Promise<Delivery>): Promise<Told> {
  return toCoordinators(svc.roster, (to) => sendOrKeep(svc, { to, notice, at, send: () => send(to) }));
}

/**
 * A timer's alert about a meeting, told once: skipped when an earlier run
 * reached (or kept it for) a coordinator; otherwise told, kept for those Teams
 * cannot reach, and recorded as the meeting's reminder of that kind. Undefined
 * when it had already been told.
 */
export async function alertCoordinatorsOnce(
  svc: AppServices,
  alert: CoordinatorAlert & { kind: Reminder["kind"]; meetingId: string },
  at: string,
): Promise<Told | undefined> {
  const earlier = await svc.meetings.reminder(alert.meetingId, alert.kind);
  if (earlier?.delivered || earlier?.kept) return undefined;
  const sent = await tellCoordinators(svc, { kind: "alert", alert }, at, (to) => svc.notifier.alertCoordinator(to, alert));
  await svc.meetings.putReminder({
    meetingId: alert.meetingId,
    kind: alert.kind,
    at,
    delivered: sent.delivered,
    ...(sent.kept ? { kept: true } : {}),
    deliveries: sent.deliveries,
  });
  return sent;
}

export interface KeptDelivered {
  delivered: number;
  /** No longer true when their turn came (superseded): not shown. */
  dropped: number;
  /** Still waiting: Teams failed again, or another delivery is under way (it keeps the order). */
  waiting: number;
}

/**
 * Delivers a person's kept notices, oldest first, each once: every notice is
 * claimed before it is sent, and a delivery that cannot claim one (another
 * activity is delivering it) stops there, so the order holds when two
 * activities arrive at once. A failed send leaves it, and those after it, waiting.
 */
export async function deliverKept(svc: AppServices, input: { personId: string; op: Op }): Promise<KeptDelivered> {
  const waiting = await svc.notices.waiting(input.personId);
  const done: KeptDelivered = { delivered: 0, dropped: 0, waiting: 0 };
  for (const [i, kept] of waiting.entries()) {
    if (!(await svc.notices.claim(input.personId, kept.key, input.op.id, input.op.at))) {
      done.waiting = waiting.length - i;
      break;
    }
    const send = await current(svc, input.personId, kept.notice, input.op.at);
    if (!send) {
      await svc.notices.settle(input.personId, kept.key, input.op.id, input.op.at, "dropped");
      done.dropped++;
      continue;
    }
    const delivery = await safeSend(send);
    await svc.notices.settle(input.personId, kept.key, input.op.id, input.op.at, delivery.ok ? "delivered" : "failed");
    if (!delivery.ok) {
      done.waiting = waiting.length - i;
      break;
    }
    done.delivered++;
  }
  return done;
}

/** The send for a kept notice as things stand now; undefined when it is no longer true. */
async function current(svc: AppServices, to: string, notice: KeptNotice, at: string): Promise<(() => Promise<Delivery>) | undefined> {
  switch (notice.kind) {
    case "caseReceived": {
      const c = await svc.cases.byCode(notice.caseId);
      return c ? () => svc.notifier.caseReceived(to, c) : undefined;
    }
    case "caseReturned": {
      const c = await svc.cases.byCode(notice.caseId);
      return c && c.status === "returned" ? () => svc.notifier.caseReturned(to, c, notice.missing) : undefined;
    }
    case "recordDrafted": {
      const versions = await svc.records.versions(notice.caseId);
      const record = versions.find((v) => v.id === notice.recordId);
      const latest = versions.at(-1);
      return record && record.status === "draft" && latest?.id === record.id
        ? async () => svc.notifier.recordDrafted(to, record, await memberPositionsForRecord(svc, record, { role: "coordinator" }))
        : undefined;
    }
    case "substituteInvited":
      return currentInvitation(svc, to, notice.meetingId);
    case "approvalAsked": {
      // Still waiting for the chair: confirmed, not approved, and the latest version.
      const versions = await svc.records.versions(notice.caseId);
      const record = versions.find((v) => v.id === notice.recordId);
      return record && record.status === "confirmed" && !record.approvedAt && versions.at(-1)?.id === record.id
        ? async () => svc.notifier.approvalAsked(to, record, await approvalReview(svc, record, at))
        : undefined;
    }
    case "commentAsked": {
      // Only while the window is open and the member has not commented.
      const record = await svc.records.get(notice.caseId, notice.recordId);
      const until = record && commentWindowCloses(record, svc.settings.recordCommentWindowHours ?? 0);
      if (!record || !until || record.approvedAt || Date.parse(at) >= Date.parse(until)) return undefined;
      const comments = await svc.records.comments(record.caseId, record.id);
      return comments.some((c) => c.personId === to) ? undefined : () => svc.notifier.commentAsked(to, record, until);
    }
    case "signOff": {
      const record = await svc.records.get(notice.caseId, notice.recordId);
      return record ? () => svc.notifier.signedOff(to, record, notice.event) : undefined;
    }
    case "caseDeferred": {
      const [c, deferral] = await Promise.all([svc.cases.byCode(notice.caseId), deferralNotice(svc, notice.caseId, notice.meetingId)]);
      return c && deferral ? () => svc.notifier.caseDeferred(to, c, deferral) : undefined;
    }
    case "minutes": {
      // Only the latest version, and only while the event still holds (a draft still a draft, a request still unanswered).
      const versions = await svc.minutes.versions(notice.meetingId);
      const latest = versions.at(-1);
      if (!latest || latest.id !== notice.minutesId) return undefined;
      const holds =
        notice.event === "drafted" || notice.event === "changeRequested"
          ? latest.status === "draft"
          : notice.event === "approvalAsked"
            ? latest.status === "confirmed"
            : latest.status === "approved";
      return holds ? () => svc.notifier.minutes(to, latest, notice.event) : undefined;
    }
    case "alert": {
      const a = notice.alert;
      if (a.kind === "papersLate") {
        const m = await svc.meetings.get(a.meetingId);
        return m && !m.papersSentAt && !m.startedAt ? () => svc.notifier.alertCoordinator(to, a) : undefined;
      }
      if (a.kind === "routingFailed" || a.kind === "unacknowledged") {
        const [routing, versions] = await Promise.all([svc.records.routing(a.caseId, a.recordId), svc.records.versions(a.caseId)]);
        const superseded = versions.some((v) => v.version > versionOf(a.recordId) && v.status === "confirmed");
        const still = a.kind === "routingFailed" ? routing?.state === "failed" : routing?.state === "sent";
        return still && !superseded ? () => svc.notifier.alertCoordinator(to, a) : undefined;
      }
      return () => svc.notifier.alertCoordinator(to, a);
    }
  }
}
