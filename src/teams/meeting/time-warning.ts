/**
 * The two-hour limit (issue 13): any activity in a meeting chat checks whether
 * the chair is due the 105-minute warning (beside the timer job, which may run
 * seldom), after the turn has answered — at most once a minute per chat, so the
 * clicks of a busy meeting do not each cost two store reads. The use case says it once
 * (src/app/meeting/time-warning.ts); the Notifier says it in the chat and to the chair.
 */
import type { Op } from "../../app/context.js";
import { linkedMeetingId } from "../../app/meeting/link.js";
import { warnMeetingTime } from "../../app/meeting/time-warning.js";
import type { TeamsApp } from "../context.js";

/** A meeting chat is checked at most this often (by the turn's time): a position click must not cost two reads more. */
export const TIME_CHECK_EVERY_MS = 60_000;
const lastChecked = new WeakMap<TeamsApp, Map<string, number>>();

export function watchMeetingTime(app: TeamsApp, conversationId: string, op: Op): void {
  const at = Date.parse(op.at);
  let seen = lastChecked.get(app);
  if (!seen) lastChecked.set(app, (seen = new Map()));
  const last = seen.get(conversationId);
  if (last !== undefined && at >= last && at - last < TIME_CHECK_EVERY_MS) return; // checked within the last minute
  seen.delete(conversationId);
  seen.set(conversationId, at);
  if (seen.size > 500) seen.delete(seen.keys().next().value!);
  app.tasks.run("timeWarning", async () => {
    const meetingId = await linkedMeetingId(app.svc, conversationId);
    if (!meetingId) return;
    const warned = await warnMeetingTime(app.svc, { meetingId }, { id: `timeWarning:${op.id}`, at: op.at });
    if (warned) app.log.info({ meetingId, elapsed: warned.elapsed, chat: warned.chat }, "time warning said");
  });
}
