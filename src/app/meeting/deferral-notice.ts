/**
 * Issue 14: deferrals are told. When the committee defers a case (no
 * consensus, or the chair's «Utsett» with a reason), the applying HF's
 * decision recipients get the reason and the committee's next meeting (its
 * date, or "not yet planned"). Once per deferral, whatever the retries; kept
 * for a recipient Teams cannot reach now.
 */
import type { Op } from "../context.js";
import type { RecipientDelivery } from "../delivery.js";
import { tellHf } from "../kept-notices.js";
import type { AppServices } from "../services.js";

export interface DeferralNotice {
  caseId: string;
  meetingId: string;
  reason: string;
  meetingDate: string;
  /** The committee's next meeting after this one (YYYY-MM-DD); absent when none is planned yet. */
  nextMeetingDate?: string;
}

/** What the deferral notice says, as things stand now; undefined when the case was not deferred in that meeting. */
export async function deferralNotice(svc: AppServices, caseId: string, meetingId: string): Promise<DeferralNotice | undefined> {
  const [conclusion, meetings] = await Promise.all([svc.meetings.conclusion(meetingId, caseId), svc.meetings.all()]);
  if (conclusion?.result !== "deferred") return undefined;
  const meeting = meetings.find((m) => m.id === meetingId);
  const meetingDate = meeting?.date ?? conclusion.at.slice(0, 10);
  const next = meetings
    .filter((m) => m.id !== meetingId && m.date > meetingDate && !m.endedAt)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0];
  return { caseId, meetingId, reason: conclusion.reason ?? "", meetingDate, ...(next ? { nextMeetingDate: next.date } : {}) };
}

/** Tells the applying HF's decision recipients about the case's deferral in that meeting, once. */
export async function tellDeferral(
  svc: AppServices,
  input: { caseId: string; meetingId: string; op: Op },
): Promise<{ told: boolean; deliveries: RecipientDelivery[] }> {
  const notice = await deferralNotice(svc, input.caseId, input.meetingId);
  const theCase = await svc.cases.byCode(input.caseId);
  if (!notice || !theCase) return { told: false, deliveries: [] };
  if (!(await svc.notices.firstTime(`caseDeferred:${input.caseId}:${input.meetingId}`, input.op.at))) return { told: false, deliveries: [] };
  const deliveries = await tellHf(svc, theCase.applyingHfId, { kind: "caseDeferred", caseId: input.caseId, meetingId: input.meetingId }, input.op.at, (to) =>
    svc.notifier.caseDeferred(to, theCase, notice),
  );
  return { told: true, deliveries };
}
