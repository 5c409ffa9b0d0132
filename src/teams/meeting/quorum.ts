/**
 * Saying a change of the case in hand's quorum at once: in the meeting chat
 * for everyone, and to the chair in person with a targeted in-meeting
 * notification (a dialog on the meeting stage showing the app's quorum page,
 * src/http/quorum-page.ts). The notification needs a Teams meeting id, the
 * chair's Teams id and the app's public https address; when any is missing, or
 * Teams refuses it (403/404, the Agents Playground), the chat message stands
 * alone. The use case (src/app/meeting/quorum-notice.ts) decides whether there
 * is anything to say, once.
 */
import type { Op } from "../../app/context.js";
import { chairsOf, noticeQuorumChange, type QuorumNotice } from "../../app/meeting/quorum-notice.js";
import { quorumNoticeLines } from "../../cards/quorum-notice.js";
import { localeFrom, t } from "../../i18n/index.js";
import type { TeamsApp } from "../context.js";

/** The page the chair's notification shows: only the meeting and case ids in the URL, never names or case content. */
export function quorumPageUrl(base: string, meetingId: string, caseId: string): string {
  return `${base}/meeting/quorum?meeting=${encodeURIComponent(meetingId)}&case=${encodeURIComponent(caseId)}`;
}

/** Per app and meeting: a judgement running, and the latest trigger that came while it ran. */
const inFlight = new WeakMap<TeamsApp, Map<string, { again?: Op }>>();

/**
 * After attendance or a declared conflict changed: judges the case in hand's
 * quorum and says a change, in the background (the turn answers at once).
 * Triggers that come while a judgement of the same meeting runs are coalesced
 * into one more run on the latest op (sixty check-ins at once judge a few
 * times, not sixty); across instances the stored fact makes it said once.
 * `baseline`: a case was just taken up; its state is recorded silently.
 */
export function watchQuorum(app: TeamsApp, meetingId: string, op: Op, options: { baseline?: boolean } = {}): void {
  if (options.baseline) {
    app.tasks.run("quorumBaseline", () => judge(app, meetingId, op, true));
    return;
  }
  let meetings = inFlight.get(app);
  if (!meetings) inFlight.set(app, (meetings = new Map()));
  const running = meetings.get(meetingId);
  if (running) {
    running.again = op;
    return;
  }
  const state: { again?: Op } = {};
  meetings.set(meetingId, state);
  app.tasks.run("quorumNotice", async () => {
    try {
      let next: Op | undefined = op;
      while (next) {
        state.again = undefined;
        await judge(app, meetingId, next, false);
        next = state.again;
      }
    } finally {
      meetings!.delete(meetingId);
    }
  });
}

async function judge(app: TeamsApp, meetingId: string, op: Op, baseline: boolean): Promise<void> {
  const r = await noticeQuorumChange(app.svc, { meetingId, ...(baseline ? { baseline: true } : {}) }, op);
  if (!r.ok) app.log.warn({ code: r.reason.code }, "quorum not judged");
  else if (r.value) await sayQuorumChange(app, r.value);
}

async function sayQuorumChange(app: TeamsApp, notice: QuorumNotice): Promise<void> {
  const meeting = await app.svc.meetings.get(notice.meetingId);
  const conversationId = meeting?.teams?.conversationId;
  const conv = conversationId ? await app.svc.directory.conversation(conversationId) : undefined;
  if (!meeting || !conv) return;
  // The meeting chat is shared: said in the committee's language, as the shared cards are.
  const said = await app.sender.say(conv.ref, quorumNoticeLines("nb", notice).join("\n"));
  if (!said.ok) app.log.warn({ meetingId: notice.meetingId, status: said.status }, "quorum notice not posted");

  const teamsMeetingId = meeting.teams?.meetingId;
  const base = app.publicBaseUrl;
  if (!teamsMeetingId || !base) {
    app.log.info(
      { meetingId: notice.meetingId, teamsMeeting: Boolean(teamsMeetingId), publicUrl: Boolean(base) },
      "no in-meeting notification possible; said in the chat only",
    );
    return;
  }
  const chairs = chairsOf(app.svc);
  const users = (await app.svc.directory.usersByRosterIds(chairs.map((c) => c.id))).filter((u) => u.teamsUserId.startsWith("29:"));
  if (users.length === 0) {
    app.log.info({ meetingId: notice.meetingId }, "the chair's Teams id is not known; said in the chat only");
    return;
  }
  const locale = localeFrom(users[0]?.locale ?? chairs[0]?.locale);
  const sent = await app.sender.notifyInMeeting(conv.ref, teamsMeetingId, {
    recipients: users.map((u) => u.teamsUserId),
    title: t(locale, "quorum.notificationTitle"),
    url: quorumPageUrl(base, notice.meetingId, notice.caseId),
  });
  if (!sent.ok)
    app.log.info({ meetingId: notice.meetingId, status: sent.status, code: sent.code }, "in-meeting notification not delivered; said in the chat only");
}
