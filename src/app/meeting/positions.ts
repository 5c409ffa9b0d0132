/** A member's position (standpunkt) on a case, and a declared conflict of interest (inhabilitet). */
import type { AppResult } from "../reason-codes.js";
import { checkReason } from "../../domain/free-text.js";
import { POSITIONS, type Position, type PositionMark } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import type { Actor, Op } from "../context.js";
import { isVoter } from "../people.js";
import type { AppServices } from "../services.js";
import { recordAttendance } from "./attendance.js";
import { loadCaseInMeeting, withFacts, type CaseInMeeting } from "./case-in-meeting.js";
import { isNewer } from "./standing.js";

export interface PositionStated {
  changed: boolean;
  /** The statement checked the member in (they had no attendance mark): the quorum may have changed. */
  checkedIn: boolean;
  /** The case after this statement, so the caller can show it without reading again. */
  loaded: CaseInMeeting;
}

export async function statePosition(
  svc: AppServices,
  input: { meetingId: string; caseId: string; actor: Actor; position: Position; reason?: string },
  op: Op,
): Promise<AppResult<PositionStated>> {
  const { person } = input.actor;
  if (!isVoter(person)) return fail("error.notEligible");
  if (!POSITIONS.includes(input.position)) return fail("input.notAllowed", { allowed: POSITIONS.join(", ") });
  // A member's short reason (issue 14): optional, and held to the rule of every reason (no national id).
  const why = input.reason?.trim() ? checkReason(input.reason) : undefined;
  if (why && !why.ok) return why;
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  const { facts, case: theCase, conclusion } = loaded.value;
  if (conclusion) return fail("error.alreadyConcluded", { code: theCase.code });
  if (!loaded.value.takenUp) return fail("error.caseNotTakenUp", { code: theCase.code });

  // Stating a position counts as being there for someone with no attendance mark at all (they forgot to check
  // in). Teams' leave event wins: someone whose latest mark says they left must rejoin or check in first.
  const refusal = loaded.value.standing.refusalToState(person.id);
  if (refusal) return { ok: false, reason: refusal };
  const unmarked = loaded.value.standing.presenceOf(person.id) === "unmarked";
  const asPresent = unmarked
    ? withFacts(svc, loaded.value, { attendance: [...facts.attendance, { personId: person.id, present: true, source: "checkin", at: op.at }] })
    : loaded.value;

  let attendance = asPresent.facts.attendance;
  if (unmarked) {
    const marked = await recordAttendance(
      svc,
      { meetingId: input.meetingId, personId: person.id, present: true, source: "checkin", actor: input.actor },
      op,
      facts,
    );
    if (marked.ok) attendance = marked.value.attendance;
  }
  const mark: PositionMark = { personId: person.id, caseId: input.caseId, position: input.position, at: op.at, ...(why?.ok ? { reason: why.value } : {}) };
  let before: Position | undefined;
  let changed = false;
  const stored = await svc.meetings.changePosition(input.meetingId, input.caseId, person.id, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    before = undefined;
    if (!isNewer(mark, current)) return undefined;
    before = current?.position;
    changed = current?.position !== mark.position || (current?.reason ?? "") !== (mark.reason ?? "");
    return mark;
  });
  if (changed) {
    await audit(svc.audit, {
      op,
      doer: input.actor,
      action: "position.stated",
      caseId: input.caseId,
      meetingId: input.meetingId,
      ...(before ? { before } : {}),
      after: input.position,
    });
  }
  const kept = stored ?? mark;
  const positions = [...facts.positions.filter((p) => !(p.personId === person.id && p.caseId === input.caseId)), kept];
  return ok({ changed, checkedIn: unmarked, loaded: withFacts(svc, asPresent, { attendance, positions }) });
}

export async function declareConflict(
  svc: AppServices,
  input: { meetingId: string; caseId: string; actor: Actor; reason: string },
  op: Op,
): Promise<AppResult<{ changed: boolean; loaded: CaseInMeeting }>> {
  const { person } = input.actor;
  if (!isVoter(person)) return fail("error.notMember");
  // The same rule as the card's: the reason reaches the record.
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const loaded = await loadCaseInMeeting(svc, input.meetingId, input.caseId);
  if (!loaded.ok) return loaded;
  if (loaded.value.conclusion) return fail("error.alreadyConcluded", { code: loaded.value.case.code });
  const conflict = { personId: person.id, caseId: input.caseId, reason: reason.value, at: op.at };
  const created = await svc.meetings.addConflict(input.meetingId, conflict);
  if (created) {
    // The reason is free text: the audit only says that one was given.
    await audit(svc.audit, {
      op,
      doer: input.actor,
      action: "conflict.declared",
      caseId: input.caseId,
      meetingId: input.meetingId,
      after: `${person.id} declared a conflict`,
    });
  }
  const conflicts = created ? [...loaded.value.facts.conflicts, conflict] : loaded.value.facts.conflicts;
  return ok({ changed: created, loaded: withFacts(svc, loaded.value, { conflicts }) });
}
