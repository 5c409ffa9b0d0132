/** The meeting's chat commands: help, the roster check, linking, the agenda and attendance cards, a case, check in/out, the next case. */
import { recordAttendance } from "../../app/meeting/attendance.js";
import { linkedMeetingId } from "../../app/meeting/link.js";
import { takeUpCase } from "../../app/meeting/take-up.js";
import { CASE_ID, MEETING_ID } from "../../cards/actions.js";
import { t } from "../../i18n/index.js";
import { command, type CommandEnv } from "../command.js";
import { reasonText, rosterNoticeCard } from "../replies.js";
import { handleBotAdded } from "./events.js";
import { postCaseCard, postSharedCard, scheduleSharedUpdate } from "./shared-cards.js";

const LEADS = { roles: ["chair", "coordinator"], refusal: "error.notChairOrCoordinator" } as const;

/** The committee meeting this chat is linked to; says so when there is none. */
async function linked(e: CommandEnv): Promise<string | undefined> {
  const meetingId = await linkedMeetingId(e.app.svc, e.io.turn.conversationId);
  if (!meetingId) await e.io.say(t(e.io.turn.locale, "error.meetingNotLinked"));
  return meetingId;
}

async function checkInOut(e: CommandEnv, present: boolean): Promise<void> {
  const meetingId = await linked(e);
  if (!meetingId) return;
  const { io, app, actor } = e;
  const r = await recordAttendance(app.svc, { meetingId, personId: actor.person.id, present, source: "checkin", actor }, io.turn.op);
  if (!r.ok) {
    await io.say(reasonText(io.turn.locale, r.reason));
    return;
  }
  await io.say(t(io.turn.locale, present ? "notice.checkedIn" : "notice.checkedOut", { name: actor.person.name }));
  scheduleSharedUpdate(app, meetingId, "attendance");
  scheduleSharedUpdate(app, meetingId, "currentCase");
}

const caseArg = (rest: string) => (CASE_ID.test(rest.toUpperCase()) ? rest.toUpperCase() : undefined);

export const MEETING_COMMANDS = [
  command({ words: "command.roster", scope: "any", handle: async (e) => void (await e.io.sendCard(rosterNoticeCard(e.app.svc.roster, e.io.turn.locale))) }),
  command({
    words: "command.link",
    scope: "any",
    who: LEADS,
    args: (rest) => (rest === "" ? {} : MEETING_ID.test(rest) ? { meetingId: rest } : undefined),
    handle: (e, args: { meetingId?: string }) => handleBotAdded(e, args),
  }),
  command({
    words: "command.agenda",
    scope: "any",
    async handle(e) {
      const meetingId = await linked(e);
      if (meetingId) await postSharedCard(e, meetingId, "agenda");
    },
  }),
  command({
    words: "command.attendance",
    scope: "any",
    async handle(e) {
      const meetingId = await linked(e);
      if (meetingId) await postSharedCard(e, meetingId, "attendance");
    },
  }),
  command({
    words: "command.case",
    scope: "any",
    args: caseArg,
    async handle(e, caseId: string) {
      const meetingId = await linked(e);
      if (meetingId && !(await postCaseCard(e, meetingId, caseId))) await e.io.say(t(e.io.turn.locale, "error.caseNotInMeeting", { caseId }));
    },
  }),
  command({ words: "command.checkIn", scope: "any", handle: (e) => checkInOut(e, true) }),
  command({ words: "command.checkOut", scope: "any", handle: (e) => checkInOut(e, false) }),
  command({
    words: "command.next",
    scope: "any",
    async handle(e) {
      const meetingId = await linked(e);
      if (!meetingId) return;
      const { io, app, actor } = e;
      const state = await app.svc.meetings.load(meetingId);
      const concluded = new Set(state?.conclusions.map((c) => c.caseId) ?? []);
      const next =
        state?.meeting.agenda.find((id) => !concluded.has(id) && id !== state.meeting.currentCaseId) ?? state?.meeting.agenda.find((id) => !concluded.has(id));
      if (!next) {
        await io.say(t(io.turn.locale, "notice.agendaDone"));
        return;
      }
      const r = await takeUpCase(app.svc, { meetingId, caseId: next, actor }, io.turn.op);
      if (!r.ok) {
        await io.say(reasonText(io.turn.locale, r.reason));
        return;
      }
      await postCaseCard(e, meetingId, next);
      scheduleSharedUpdate(app, meetingId, "agenda");
    },
  }),
];
