/**
 * The two-hour limit (issue 13, 000 §6.3): at 105 minutes after the meeting's
 * start (its start event, else the first case taken up) the chair is told,
 * once: in the meeting chat and in their 1:1 chat. A timer checks the running
 * meetings, and every activity in a meeting chat checks its meeting, so the
 * warning comes on time even when the timer runs seldom. The saying is claimed
 * first (a stored fact per meeting), so two instances, a timer and an
 * activity at once, or a retry say it once; a saying that reached no one may
 * be tried again by the next run.
 */
import { randomUUID } from "node:crypto";
import type { Meeting } from "../../domain/meeting.js";
import { MEETING_MINUTES_LIMIT, meetingStart, minutesBetween, timeWarningDue } from "../../domain/time-budget.js";
import { audit } from "../audit.js";
import type { Op } from "../context.js";
import { safeSend, type RecipientDelivery } from "../delivery.js";
import type { TimeWarningNotice } from "../notifier.js";
import type { AppServices } from "../services.js";
import { chairsOf } from "./quorum-notice.js";

export interface TimeWarned {
  meetingId: string;
  elapsed: number;
  chat: boolean;
  chairs: RecipientDelivery[];
}

/** Tells the chair of one meeting, once, when it has run 105 minutes; undefined when not due or already told. */
export async function warnMeetingTime(svc: AppServices, input: { meetingId: string }, op: Op): Promise<TimeWarned | undefined> {
  const meeting = await svc.meetings.get(input.meetingId);
  if (!meeting || !timeWarningDue(meeting, op.at)) return undefined;
  return warnOnce(svc, meeting, op);
}

/** The timer's run: every meeting under way that has run 105 minutes and whose chair was not told yet. */
export async function warnMeetingsDue(svc: AppServices, input: { now: string }): Promise<{ warned: string[] }> {
  const warned: string[] = [];
  for (const m of await svc.meetings.all()) {
    if (!timeWarningDue(m, input.now)) continue;
    const r = await warnOnce(svc, m, { id: `timeWarning:${m.id}`, at: input.now });
    if (r && (r.chat || r.chairs.some((c) => c.delivery.ok))) warned.push(m.id);
  }
  return { warned };
}

async function warnOnce(svc: AppServices, meeting: Meeting, op: Op): Promise<TimeWarned | undefined> {
  const start = meetingStart(meeting)!;
  const elapsed = minutesBetween(start, op.at);
  const by = `${op.id}:${randomUUID()}`;
  if (!(await svc.meetings.claimTimeWarning(meeting.id, { by, at: op.at, elapsed }))) return undefined;
  const notice: TimeWarningNotice = {
    meetingId: meeting.id,
    meetingDate: meeting.date,
    elapsed,
    limit: MEETING_MINUTES_LIMIT,
    left: Math.max(0, MEETING_MINUTES_LIMIT - elapsed),
  };
  const chat = await safeSend(() => svc.notifier.meetingTimeWarning(meeting, notice));
  const chairs = await Promise.all(
    chairsOf(svc).map(async (p) => ({ personId: p.id, delivery: await safeSend(() => svc.notifier.chairTimeWarning(p.id, notice)) })),
  );
  const said = chat.ok || chairs.some((c) => c.delivery.ok);
  await svc.meetings.settleTimeWarning(meeting.id, by, said ? "said" : "failed");
  await audit(svc.audit, {
    op,
    key: `${meeting.id}:timeWarning:${by}`,
    doer: "system",
    action: said ? "meeting.timeWarning" : "meeting.timeWarningFailed",
    meetingId: meeting.id,
    after: `${elapsed} of ${MEETING_MINUTES_LIMIT} min`,
  });
  return { meetingId: meeting.id, elapsed, chat: chat.ok, chairs };
}
