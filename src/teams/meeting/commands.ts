/**
 * The meeting's chat commands: help, the roster check, linking, the agenda and
 * attendance cards, a case, check in/out, the next case, and the
 * coordinator's invitation of an external expert to one case.
 */
import { recordAttendance } from "../../app/meeting/attendance.js";
import { inviteExpert } from "../../app/meeting/experts.js";
import { linkedMeetingId } from "../../app/meeting/link.js";
import { takeUpNextCase } from "../../app/meeting/take-up.js";
import { CASE_ID, MEETING_ID } from "../../cards/actions.js";
import { renderNextCase } from "../../cards/next-case.js";
import { t } from "../../i18n/index.js";
import { command, type CommandEnv } from "../command.js";
import { reasonText, rosterNoticeCard } from "../replies.js";
import { handleBotAdded } from "./events.js";
import { watchQuorum } from "./quorum.js";
import { postSharedCard, scheduleSharedUpdate, showCaseCard } from "./shared-cards.js";

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
  watchQuorum(app, meetingId, io.turn.op);
}

/** «ekspert TO-ÅÅÅÅ-NNN <id>»: the case code and the expert's roster id. */
const expertArgs = (rest: string) => {
  const [code, id, ...more] = rest.split(" ");
  if (!code || !id || more.length > 0 || !CASE_ID.test(code.toUpperCase()) || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) return undefined;
  return { caseCode: code.toUpperCase(), expertId: id };
};

const caseArg = (rest: string) => (CASE_ID.test(rest.toUpperCase()) ? rest.toUpperCase() : undefined);

export const MEETING_COMMANDS = [
  command({
    words: "command.roster",
    scope: "any",
    handle: async (e) => {
      const hfIds = (await e.app.svc.cases.all()).map((c) => c.applyingHfId);
      await e.io.sendCard(rosterNoticeCard(e.app.svc.roster, e.io.turn.locale, hfIds));
    },
  }),
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
      if (!meetingId) return;
      const shown = await showCaseCard(e, meetingId, caseId);
      if (!shown) await e.io.say(t(e.io.turn.locale, "error.caseNotInMeeting", { caseId }));
      else if (shown === "updated") await e.io.say(t(e.io.turn.locale, "notice.caseCardUpdated", { code: caseId }));
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
      const r = await takeUpNextCase(app.svc, { meetingId, actor }, io.turn.op);
      if (!r.ok) {
        await io.say(reasonText(io.turn.locale, r.reason));
        return;
      }
      const next = r.value;
      if (next.kind === "agendaDone") {
        await io.say(t(io.turn.locale, "notice.agendaDone"));
        return;
      }
      if (next.kind === "openCase") {
        // The case in hand has no conclusion: ask the chair; nothing is taken up until they click.
        await io.sendCard(
          renderNextCase({
            locale: io.turn.locale,
            meetingId,
            openCode: next.openCaseId,
            ...(next.nextCaseId ? { next: { caseId: next.nextCaseId, code: next.nextCaseId } } : {}),
          }),
        );
        return;
      }
      await showCaseCard(e, meetingId, next.caseId);
      scheduleSharedUpdate(app, meetingId, "agenda");
      watchQuorum(app, meetingId, io.turn.op, { baseline: true });
    },
  }),
  command({
    words: "command.inviteExpert",
    scope: "any",
    who: { roles: ["coordinator"], refusal: "error.notCoordinator" },
    args: expertArgs,
    async handle(e, args: { caseCode: string; expertId: string }) {
      const { io, app, actor } = e;
      const r = await inviteExpert(app.svc, { ...args, actor }, io.turn.op);
      if (!r.ok) {
        await io.say(reasonText(io.turn.locale, r.reason));
        return;
      }
      const { expert, case: theCase, meetingId, changed } = r.value;
      await io.say(t(io.turn.locale, changed ? "notice.expertInvited" : "notice.expertAlreadyInvited", { name: expert.name, code: theCase.code, meetingId }));
      // The expert's own view of the case changes: refresh the case's shared card (their client refreshes into it).
      if (changed) scheduleSharedUpdate(app, meetingId, "case", theCase.id);
    },
  }),
];
