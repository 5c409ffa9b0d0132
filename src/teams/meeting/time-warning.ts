/**
 * The two-hour limit (issue 13): any activity in a meeting chat checks whether
 * the chair is due the 105-minute warning (beside the timer job, which may run
 * seldom), after the turn has answered. The use case says it once
 * (src/app/meeting/time-warning.ts); the Notifier says it in the chat and to the chair.
 */
import type { Op } from "../../app/context.js";
import { linkedMeetingId } from "../../app/meeting/link.js";
import { warnMeetingTime } from "../../app/meeting/time-warning.js";
import type { TeamsApp } from "../context.js";

export function watchMeetingTime(app: TeamsApp, conversationId: string, op: Op): void {
  app.tasks.run("timeWarning", async () => {
    const meetingId = await linkedMeetingId(app.svc, conversationId);
    if (!meetingId) return;
    const warned = await warnMeetingTime(app.svc, { meetingId }, { id: `timeWarning:${op.id}`, at: op.at });
    if (warned) app.log.info({ meetingId, elapsed: warned.elapsed, chat: warned.chat }, "time warning said");
  });
}
