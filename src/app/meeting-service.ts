/**
 * Use cases of the meeting itself: attendance, taking up a case, positions,
 * declared conflicts, and the chair's conclusion or deferral. Each one:
 * load → apply the domain rule → write (idempotent, concurrency-safe) → audit.
 * Authorization comes from the roster here, never from which buttons a card shows.
 */
import type { Case } from "../domain/case.js";
import type { Conclusion, Meeting, Position } from "../domain/meeting.js";
import { fail, ok, type Result } from "../domain/result.js";
import type { Roster } from "../domain/roster.js";
import type { Actor } from "./actor.js";
import { isVoter } from "./actor.js";
import { appendAudit } from "./audit.js";
import { getCase, updateCaseStatus } from "./case-store.js";
import {
  attendanceId,
  conclusionId,
  conflictId,
  isNewer,
  loadMeetingState,
  positionId,
  presentIds,
  type AttendanceDoc,
  type ConclusionDoc,
  type ConflictDoc,
  type MeetingDoc,
  type MeetingState,
  type PositionDoc,
} from "./meeting-store.js";
import type { DocumentStore } from "./ports.js";
import { caseStanding, type CaseStanding } from "./rules.js";

export interface MeetingServices {
  store: DocumentStore;
  roster: Roster;
  quorumMinimum: number;
}

/** Operation context: the delivery id (for idempotent writes and audit ids) and the time Teams stamped it. */
export interface Op {
  id: string;
  at: string;
}

export interface CaseInMeeting {
  state: MeetingState;
  case: Case;
  standing: CaseStanding;
  conclusion?: Conclusion;
}

export async function loadCaseInMeeting(svc: MeetingServices, meetingId: string, caseId: string): Promise<Result<CaseInMeeting>> {
  const state = await loadMeetingState(svc.store, meetingId);
  if (!state) return fail("error.meetingNotFound", { meetingId });
  if (!state.meeting.agenda.includes(caseId)) return fail("error.caseNotInMeeting", { caseId });
  const theCase = await getCase(svc.store, caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId });
  const standing = caseStanding(svc.roster, theCase, state, svc.quorumMinimum);
  const conclusion = state.conclusions.find((c) => c.caseId === caseId);
  return ok({ state, case: theCase, standing, ...(conclusion ? { conclusion } : {}) });
}

// ── attendance (oppmøte) ────────────────────────────────────────────────────

export async function recordAttendance(
  svc: MeetingServices,
  input: { meetingId: string; personId: string; present: boolean; source: AttendanceDoc["source"]; actor?: Actor },
  op: Op,
): Promise<Result<{ changed: boolean }>> {
  const person = svc.roster.people.find((p) => p.id === input.personId);
  if (!person) return fail("error.notOnRoster");
  const meeting = await svc.store.get<MeetingDoc>("meetings", input.meetingId, input.meetingId);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const mark: AttendanceDoc = {
    id: attendanceId(person.id),
    meetingId: input.meetingId,
    type: "attendance",
    personId: person.id,
    present: input.present,
    source: input.source,
    at: op.at,
  };
  let changed = false;
  await svc.store.update<AttendanceDoc>("meetings", input.meetingId, mark.id, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    if (!isNewer(mark, current)) return undefined;
    changed = !current || current.present !== mark.present;
    return mark;
  });
  if (changed) {
    await appendAudit(svc.store, {
      id: `attendance:${op.id}:${person.id}`,
      scope: input.meetingId,
      at: op.at,
      actor: { rosterId: input.actor?.person.id ?? person.id, aadObjectId: input.actor?.aadObjectId ?? person.aadObjectId },
      action: input.present ? "attendance.present" : "attendance.absent",
      meetingId: input.meetingId,
      summary: { after: `${person.id} ${input.present ? "present" : "absent"} (${input.source})` },
    });
  }
  return ok({ changed });
}

// ── taking up a case (ta opp sak) ───────────────────────────────────────────

export async function takeUpCase(svc: MeetingServices, input: { meetingId: string; caseId: string; actor: Actor }, op: Op): Promise<Result<Meeting>> {
  if (input.actor.person.role !== "chair" && input.actor.person.role !== "coordinator") return fail("error.notChairOrCoordinator");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return fail("error.alreadyConcluded", { code: loaded.value.case.code });
  // A case planned into another meeting since (an old agenda card) is not taken up here.
  if (loaded.value.case.meetingId !== undefined && loaded.value.case.meetingId !== input.meetingId) return fail("error.caseNotInMeeting", { caseId: input.caseId });
  const moved = await updateCaseStatus(svc.store, input.caseId, "inMeeting", input.actor.person, op.at);
  // Already taken up (a retry, or the chair returning to an open case): make it current again.
  if (!moved.ok && moved.reason.code !== "lifecycle.alreadyThere") return moved;
  const updated = await svc.store.update<MeetingDoc>("meetings", input.meetingId, input.meetingId, (m) =>
    m && m.currentCaseId !== input.caseId ? { ...m, currentCaseId: input.caseId } : undefined,
  );
  await appendAudit(svc.store, {
    id: `case.takenUp:${op.id}`,
    scope: input.caseId,
    at: op.at,
    actor: actorRef(input.actor),
    action: "case.takenUp",
    caseId: input.caseId,
    meetingId: input.meetingId,
    summary: { before: loaded.value.case.status, after: "inMeeting" },
  });
  return ok(updated?.doc ?? loaded.value.state.meeting);
}

// ── positions (standpunkt) ──────────────────────────────────────────────────

export async function statePosition(
  svc: MeetingServices,
  input: { meetingId: string; caseId: string; actor: Actor; position: Position },
  op: Op,
): Promise<Result<{ changed: boolean; loaded: CaseInMeeting }>> {
  const { person } = input.actor;
  if (!isVoter(person)) return fail("error.notEligible");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  const { state, case: theCase, conclusion } = loaded.value;
  if (conclusion) return fail("error.alreadyConcluded", { code: theCase.code });
  if (theCase.status !== "inMeeting") return fail("error.caseNotTakenUp", { code: theCase.code });

  // Stating a position in the meeting is also being there: judge eligibility as if present.
  const wasPresent = presentIds(state.attendance).has(person.id);
  const asPresent: MeetingState = wasPresent
    ? state
    : { ...state, attendance: [...state.attendance, { personId: person.id, present: true, source: "checkin", at: op.at }] };
  const standing = caseStanding(svc.roster, theCase, asPresent, svc.quorumMinimum);
  const refusal = standing.refusalFor(person.id);
  if (refusal) return { ok: false, reason: refusal };

  if (!wasPresent) {
    await recordAttendance(svc, { meetingId: input.meetingId, personId: person.id, present: true, source: "checkin", actor: input.actor }, op);
  }
  const mark: PositionDoc = {
    id: positionId(input.caseId, person.id),
    meetingId: input.meetingId,
    type: "position",
    personId: person.id,
    caseId: input.caseId,
    position: input.position,
    at: op.at,
  };
  let before: Position | undefined;
  let changed = false;
  const stored = await svc.store.update<PositionDoc>("meetings", input.meetingId, mark.id, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    before = undefined;
    if (!isNewer(mark, current)) return undefined;
    before = current?.position;
    changed = current?.position !== mark.position;
    return mark;
  });
  if (changed) {
    await appendAudit(svc.store, {
      id: `position:${op.id}`,
      scope: input.caseId,
      at: op.at,
      actor: actorRef(input.actor),
      action: "position.stated",
      caseId: input.caseId,
      meetingId: input.meetingId,
      summary: { ...(before ? { before } : {}), after: input.position },
    });
  }
  // The state after this statement, so the caller can show it without reading the meeting again.
  const kept = stored?.doc ?? mark;
  const after: MeetingState = {
    ...asPresent,
    positions: [...asPresent.positions.filter((p) => !(p.personId === person.id && p.caseId === input.caseId)), kept],
  };
  return ok({ changed, loaded: { ...loaded.value, state: after, standing: caseStanding(svc.roster, theCase, after, svc.quorumMinimum) } });
}

// ── declared conflict (inhabilitet) ─────────────────────────────────────────

export async function declareConflict(
  svc: MeetingServices,
  input: { meetingId: string; caseId: string; actor: Actor; reason: string },
  op: Op,
): Promise<Result<{ changed: boolean }>> {
  const { person } = input.actor;
  if (!isVoter(person)) return fail("error.notMember");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return fail("error.alreadyConcluded", { code: loaded.value.case.code });
  const doc: ConflictDoc = {
    id: conflictId(input.caseId, person.id),
    meetingId: input.meetingId,
    type: "conflict",
    personId: person.id,
    caseId: input.caseId,
    reason: input.reason,
    at: op.at,
  };
  const created = await svc.store.createIfAbsent<ConflictDoc>("meetings", doc);
  if (created) {
    await appendAudit(svc.store, {
      id: `conflict:${op.id}`,
      scope: input.caseId,
      at: op.at,
      actor: actorRef(input.actor),
      action: "conflict.declared",
      caseId: input.caseId,
      meetingId: input.meetingId,
      // The reason is free text: the audit only says that one was given.
      summary: { after: `${person.id} declared a conflict` },
    });
  }
  return ok({ changed: created });
}

// ── the chair's conclusion (konklusjon) or deferral (utsettelse) ───────────

export async function concludeCase(
  svc: MeetingServices,
  input: { meetingId: string; caseId: string; actor: Actor },
  op: Op,
): Promise<Result<Concluded>> {
  if (input.actor.person.role !== "chair") return fail("error.notChair");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  const { standing, conclusion: existing } = loaded.value;
  if (existing) return resumeConclusion(svc, existing, input.actor);
  if (loaded.value.case.status !== "inMeeting") return fail("error.caseNotTakenUp", { code: loaded.value.case.code });
  const decided = standing.decision();
  if (!decided.ok) return decided;
  return writeConclusion(svc, loaded.value, { result: decided.value, by: input.actor }, op);
}

export async function deferCase(
  svc: MeetingServices,
  input: { meetingId: string; caseId: string; actor: Actor; reason: string },
  op: Op,
): Promise<Result<Concluded>> {
  if (input.actor.person.role !== "chair") return fail("error.notChair");
  if (!input.reason.trim()) return fail("error.deferReasonRequired");
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return resumeConclusion(svc, loaded.value.conclusion, input.actor);
  if (loaded.value.case.status !== "inMeeting") return fail("error.caseNotTakenUp", { code: loaded.value.case.code });
  return writeConclusion(svc, loaded.value, { result: "deferred", reason: input.reason.trim(), by: input.actor }, op);
}

async function writeConclusion(
  svc: MeetingServices,
  loaded: CaseInMeeting,
  what: { result: Conclusion["result"]; reason?: string; by: Actor },
  op: Op,
): Promise<Result<Concluded>> {
  const { case: theCase, standing, state } = loaded;
  const doc: ConclusionDoc = {
    id: conclusionId(theCase.id),
    type: "conclusion",
    caseId: theCase.id,
    meetingId: state.meeting.id,
    result: what.result,
    ...(what.reason ? { reason: what.reason } : {}),
    by: what.by.person.id,
    at: op.at,
    participants: standing.eligible,
    recused: standing.recused.map((r) => ({ personId: r.personId, reason: r.reason })),
  };
  // The conclusion document is written once: of two concurrent clicks, one creates it, the other resumes from it.
  const created = await svc.store.createIfAbsent<ConclusionDoc>("meetings", doc);
  if (!created) {
    const stored = await svc.store.get<ConclusionDoc>("meetings", state.meeting.id, doc.id);
    if (stored) return resumeConclusion(svc, stored.doc, what.by);
  }
  return resumeConclusion(svc, doc, what.by, loaded);
}

/**
 * Brings the case in line with a stored conclusion. Safe to run again after a
 * failure part-way (a retried delivery, a restart): each step is idempotent.
 */
async function resumeConclusion(svc: MeetingServices, conclusion: Conclusion, by: Actor, loaded?: CaseInMeeting): Promise<Result<Concluded>> {
  // A stale card from an earlier meeting (the case deferred there, now in another meeting) must not move the case.
  const current = loaded?.case ?? (await getCase(svc.store, conclusion.caseId));
  if (current && current.meetingId !== undefined && current.meetingId !== conclusion.meetingId) return fail("error.alreadyConcluded", { code: current.code });
  const moved = await updateCaseStatus(svc.store, conclusion.caseId, conclusion.result, by.person, conclusion.at);
  // "alreadyThere" or "transitionNotAllowed": a retry, or the case has moved on since (record drafted, re-planned).
  if (!moved.ok && !["lifecycle.alreadyThere", "lifecycle.transitionNotAllowed"].includes(moved.reason.code)) return moved;
  await appendAudit(svc.store, {
    id: `case.concluded:${conclusion.caseId}:${conclusion.meetingId}`,
    scope: conclusion.caseId,
    at: conclusion.at,
    actor: actorRef(by),
    action: conclusion.result === "deferred" ? "case.deferred" : "case.concluded",
    caseId: conclusion.caseId,
    meetingId: conclusion.meetingId,
    summary: { before: "inMeeting", after: conclusion.result },
  });
  const clean = stripConclusion(conclusion);
  const fresh = loaded !== undefined;
  if (!loaded || !moved.ok) return ok({ conclusion: clean, fresh });
  // The state after the conclusion, so the caller can show it without reading the meeting again.
  const state: MeetingState = { ...loaded.state, conclusions: [...loaded.state.conclusions.filter((c) => c.caseId !== clean.caseId), clean] };
  return ok({ conclusion: clean, fresh, loaded: { ...loaded, state, case: moved.value, conclusion: clean } });
}

/** A conclusion, and when it was just made here, the case's state after it. */
export interface Concluded {
  conclusion: Conclusion;
  /** True only for the call that made the conclusion (a double click or a retry gets false). */
  fresh: boolean;
  loaded?: CaseInMeeting;
}

function stripConclusion(c: Conclusion): Conclusion {
  const { caseId, meetingId, result, reason, by, at, participants, recused } = c;
  return { caseId, meetingId, result, ...(reason ? { reason } : {}), by, at, participants, recused };
}

export function actorRef(actor: Actor): { rosterId: string; aadObjectId?: string } {
  return actor.aadObjectId ? { rosterId: actor.person.id, aadObjectId: actor.aadObjectId } : { rosterId: actor.person.id };
}
