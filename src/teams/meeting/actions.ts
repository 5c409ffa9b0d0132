/**
 * The meeting's card actions (Action.Execute verbs): each parses nothing
 * itself (src/cards/actions.ts did), calls one use case, and answers with the
 * acting user's own view of the card; the shared card in the meeting chat is
 * then updated for everyone else, coalesced.
 */
import { recordAttendance } from "../../app/meeting/attendance.js";
import { concludeCase, deferCase } from "../../app/meeting/conclusion.js";
import { tellDeferral } from "../../app/meeting/deferral-notice.js";
import { declareConflict, statePosition } from "../../app/meeting/positions.js";
import { takeUpCase } from "../../app/meeting/take-up.js";
import { setAgendaMinutes } from "../../app/coordinator/planning.js";
import type { CaseInMeeting } from "../../app/meeting/case-in-meeting.js";
import type { AppResult } from "../../app/reason-codes.js";
import { t } from "../../i18n/index.js";
import type { VerbTable, VerbEnv } from "../card-verbs.js";
import { announceDraftAfterConclusion } from "../coordinator/draft-notice.js";
import { reasonText } from "../replies.js";
import { isVoter } from "../../app/people.js";
import { handleDeclareConflictAhead, handleReplyPapers } from "./preparation.js";
import { watchQuorum } from "./quorum.js";
import { scheduleSharedUpdate, showCaseCard } from "./shared-cards.js";
import { agendaCardFor, attendanceCardFor, caseCardFor } from "./views.js";

export type MeetingVerb =
  | "checkIn"
  | "checkOut"
  | "position"
  | "declareConflict"
  | "conclude"
  | "defer"
  | "takeUpCase"
  | "refreshCase"
  | "refreshAgenda"
  | "refreshAttendance"
  | "replyPapers"
  | "declareConflictAhead"
  | "setCaseMinutes";

/** Before the meeting: only members and substitutes answer the papers (the card shows case data: refuse before reading any). */
const votersOnly = { who: isVoter, refusal: "error.notMember" } as const;

/** Answers with the reason when the use case refused, else runs `then`. */
async function refuseOr<T>(e: VerbEnv, result: AppResult<T>, then: (value: T) => Promise<void>): Promise<void> {
  if (!result.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, result.reason));
  return then(result.value);
}

const replyCase = async (e: VerbEnv, meetingId: string, caseId: string, preloaded?: CaseInMeeting) =>
  e.io.answerCard(await caseCardFor(e.app, meetingId, caseId, e.io.turn, preloaded));

function afterAttendance(e: VerbEnv, meetingId: string): void {
  scheduleSharedUpdate(e.app, meetingId, "attendance");
  scheduleSharedUpdate(e.app, meetingId, "currentCase");
  // Someone checking out can take the case in hand below quorum (or checking in bring it back): say so at once.
  watchQuorum(e.app, meetingId, e.io.turn.op);
}

/** Checks the clicking person in or out, and answers with their view of the attendance card. */
async function checkInOut(e: VerbEnv, meetingId: string, present: boolean): Promise<void> {
  const r = await recordAttendance(e.app.svc, { meetingId, personId: e.actor.person.id, present, source: "checkin", actor: e.actor }, e.io.turn.op);
  return refuseOr(e, r, async (v) => {
    afterAttendance(e, meetingId);
    await e.io.answerCard(await attendanceCardFor(e.app, meetingId, e.io.turn, v));
  });
}

export const MEETING_VERBS = {
  refreshCase: { handle: (e, a) => replyCase(e, a.meetingId, a.caseId) },
  refreshAgenda: { handle: async (e, a) => e.io.answerCard(await agendaCardFor(e.app, a.meetingId, e.io.turn)) },
  refreshAttendance: { handle: async (e, a) => e.io.answerCard(await attendanceCardFor(e.app, a.meetingId, e.io.turn)) },
  checkIn: { handle: (e, a) => checkInOut(e, a.meetingId, true) },
  checkOut: { handle: (e, a) => checkInOut(e, a.meetingId, false) },
  position: {
    handle: async (e, a) => {
      const r = await statePosition(
        e.app.svc,
        { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor, position: a.position, ...(a.positionReason ? { reason: a.positionReason } : {}) },
        e.io.turn.op,
      );
      return refuseOr(e, r, async (v) => {
        scheduleSharedUpdate(e.app, a.meetingId, "case", a.caseId);
        scheduleSharedUpdate(e.app, a.meetingId, "attendance");
        // A statement without any attendance mark checked the member in: the quorum may be back.
        if (v.checkedIn) watchQuorum(e.app, a.meetingId, e.io.turn.op);
        await replyCase(e, a.meetingId, a.caseId, v.loaded);
      });
    },
  },
  declareConflict: {
    handle: async (e, a) => {
      const r = await declareConflict(e.app.svc, { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor, reason: a.conflictReason }, e.io.turn.op);
      return refuseOr(e, r, async (v) => {
        scheduleSharedUpdate(e.app, a.meetingId, "case", a.caseId);
        // A declared conflict can take the case in hand below quorum: say so at once.
        if (v.changed) watchQuorum(e.app, a.meetingId, e.io.turn.op);
        await replyCase(e, a.meetingId, a.caseId, v.loaded);
      });
    },
  },
  conclude: {
    handle: async (e, a) => {
      const r = await concludeCase(e.app.svc, { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor }, e.io.turn.op);
      return refuseOr(e, r, async (v) => {
        if (v.fresh) await announceConclusion(e, v.conclusion.result, v.conclusion.caseId);
        if (v.conclusion.result === "deferred") tellHfOfDeferral(e, a.meetingId, a.caseId);
        const record = v.record;
        if (record) announceDraftAfterConclusion(e, record);
        scheduleSharedUpdate(e.app, a.meetingId, "case", a.caseId);
        scheduleSharedUpdate(e.app, a.meetingId, "agenda");
        await replyCase(e, a.meetingId, a.caseId, v.loaded);
      });
    },
  },
  defer: {
    handle: async (e, a) => {
      const r = await deferCase(e.app.svc, { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor, reason: a.deferReason }, e.io.turn.op);
      return refuseOr(e, r, async (v) => {
        if (v.fresh) await announceConclusion(e, v.conclusion.result, v.conclusion.caseId);
        tellHfOfDeferral(e, a.meetingId, a.caseId);
        scheduleSharedUpdate(e.app, a.meetingId, "case", a.caseId);
        scheduleSharedUpdate(e.app, a.meetingId, "agenda");
        await replyCase(e, a.meetingId, a.caseId, v.loaded);
      });
    },
  },
  takeUpCase: {
    handle: async (e, a) => {
      const r = await takeUpCase(e.app.svc, { meetingId: a.meetingId, caseId: a.caseId, actor: e.actor }, e.io.turn.op);
      return refuseOr(e, r, async () => {
        // One card per case: posted the first time, updated after (a redelivery, a second click, a return to the case).
        await showCaseCard(e, a.meetingId, a.caseId);
        scheduleSharedUpdate(e.app, a.meetingId, "agenda");
        watchQuorum(e.app, a.meetingId, e.io.turn.op, { baseline: true });
        await e.io.answerCard(await agendaCardFor(e.app, a.meetingId, e.io.turn));
      });
    },
  },
  replyPapers: { allow: votersOnly, handle: handleReplyPapers },
  declareConflictAhead: { allow: votersOnly, handle: handleDeclareConflictAhead },
  // The two-hour limit (issue 13): the coordinator changes a case's minutes on the agenda card.
  setCaseMinutes: {
    allow: { who: (p) => p.role === "coordinator", refusal: "error.notCoordinator" },
    handle: async (e, a) => {
      const r = await setAgendaMinutes(e.app.svc, {
        caseId: a.caseId,
        meetingId: a.meetingId,
        // The item's own input (the card carries one per case; the contract checked them all).
        minutes: String((a as Record<string, unknown>)[`minutes_${a.item}`] ?? ""),
        actor: e.actor,
        op: e.io.turn.op,
      });
      return refuseOr(e, r, async () => {
        scheduleSharedUpdate(e.app, a.meetingId, "agenda");
        await e.io.answerCard(await agendaCardFor(e.app, a.meetingId, e.io.turn));
      });
    },
  },
} satisfies VerbTable<MeetingVerb>;

/** A short notice in the meeting chat: the case's result, and for a decision that the draft goes to the coordinator. */
async function announceConclusion(e: VerbEnv, result: "granted" | "rejected" | "deferred", caseId: string): Promise<void> {
  const key = result === "granted" ? "notice.caseGranted" : result === "rejected" ? "notice.caseRejected" : "notice.caseDeferred";
  await e.io.say(t(e.io.turn.locale, key, { code: caseId }));
}

/** Issue 14: the applying HF's recipients hear of the deferral after the answer (installing the app for them may take a while); once. */
function tellHfOfDeferral(e: VerbEnv, meetingId: string, caseId: string): void {
  const { app } = e;
  const op = e.io.turn.op;
  app.tasks.run("tellDeferral", async () => {
    await tellDeferral(app.svc, { caseId, meetingId, op });
  });
}
