/**
 * Loss of quorum is said at once (000 §6.2, §6.3): when the case in hand stops
 * being quorate — people leave (a leave event or a check-out) or declare a
 * conflict — the chair and the committee are told how many are eligible out of
 * the needed, who is missing and which substitute could stand in; and again
 * when quorum is back. Said only on a change: the last state said is a fact per
 * meeting and case, changed under optimistic concurrency, so two events at once
 * (or two instances of the app) say it once.
 */
import type { Person } from "../../domain/roster.js";
import { ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import type { Op } from "../context.js";
import { nameOf } from "../people.js";
import type { QuorumSaid } from "../ports.js";
import type { AppResult } from "../reason-codes.js";
import type { AppServices } from "../services.js";
import { loadCaseInMeeting, type CaseInMeeting } from "./case-in-meeting.js";

/** What the bot says about a case's quorum, with names looked up (the edge words it). */
export interface QuorumNotice {
  meetingId: string;
  caseId: string;
  code: string;
  quorate: boolean;
  eligible: number;
  minimum: number;
  needed: number;
  absentMembers: string[];
  possibleStandIns: { name: string; memberName: string }[];
  blockedByCatchmentPolicy: boolean;
}

function stateOf(loaded: CaseInMeeting, minimum: number, at: string): QuorumSaid {
  const { standing } = loaded;
  return {
    meetingId: loaded.facts.meeting.id,
    caseId: loaded.case.id,
    quorate: standing.quorum.quorate,
    eligible: standing.eligible.length,
    minimum,
    absentMembers: standing.shortfall.absentMembers,
    possibleStandIns: standing.shortfall.possibleStandIns,
    blockedByCatchmentPolicy: standing.blockedByCatchmentPolicy,
    at,
  };
}

/** The notice for a stored quorum state, in names. */
export function noticeOf(svc: Pick<AppServices, "roster">, said: QuorumSaid, code: string): QuorumNotice {
  return {
    meetingId: said.meetingId,
    caseId: said.caseId,
    code,
    quorate: said.quorate,
    eligible: said.eligible,
    minimum: said.minimum,
    needed: Math.max(0, said.minimum - said.eligible),
    absentMembers: said.absentMembers.map((id) => nameOf(svc.roster, id)),
    possibleStandIns: said.possibleStandIns.map((s) => ({ name: nameOf(svc.roster, s.substituteId), memberName: nameOf(svc.roster, s.memberId) })),
    blockedByCatchmentPolicy: said.blockedByCatchmentPolicy,
  };
}

/**
 * Judges the quorum of the case in hand after something changed (attendance,
 * a declared conflict) and returns what to say, once, when its quorum state
 * changed since it was last said; undefined when there is nothing to say.
 * `baseline`: the case was just taken up: its state is recorded without a word
 * (the case card shows it).
 */
export async function noticeQuorumChange(
  svc: AppServices,
  input: { meetingId: string; baseline?: boolean },
  op: Op,
): Promise<AppResult<QuorumNotice | undefined>> {
  const meeting = await svc.meetings.get(input.meetingId);
  const caseId = meeting?.currentCaseId;
  if (!meeting || !caseId || meeting.endedAt) return ok(undefined);
  const loaded = await loadCaseInMeeting(svc, input.meetingId, caseId);
  if (!loaded.ok || loaded.value.conclusion || !loaded.value.takenUp) return ok(undefined);
  const now = stateOf(loaded.value, svc.settings.quorumMinimum, op.at);
  let say = false;
  const stored = await svc.meetings.changeQuorumSaid(input.meetingId, caseId, (current) => {
    say = false; // the mutator runs again after a lost race: only its last run counts
    // A judgement on older facts never overwrites a newer one (events can arrive out of order).
    if (current && Date.parse(now.at) < Date.parse(current.at)) return undefined;
    if (current && current.quorate === now.quorate) return undefined;
    // The first judgement of a case is its baseline; it is said only when it is a loss.
    say = !input.baseline && (current !== undefined || !now.quorate);
    return now;
  });
  if (!say || !stored) return ok(undefined);
  await audit(svc.audit, {
    op,
    key: `${op.id}:${caseId}`,
    doer: "system",
    action: now.quorate ? "quorum.regained" : "quorum.lost",
    caseId,
    meetingId: input.meetingId,
    after: `${now.eligible} of ${now.minimum} eligible`,
  });
  return ok(noticeOf(svc, now, loaded.value.case.code));
}

/** The quorum notice last said for a case (for the chair's in-meeting page), while the case is still in hand. */
export async function lastQuorumNotice(svc: AppServices, input: { meetingId: string; caseId: string }): Promise<QuorumNotice | undefined> {
  const meeting = await svc.meetings.get(input.meetingId);
  if (!meeting || meeting.endedAt || meeting.currentCaseId !== input.caseId) return undefined;
  const said = await svc.meetings.quorumSaid(input.meetingId, input.caseId);
  return said ? noticeOf(svc, said, input.caseId) : undefined;
}

/** Who leads the meeting and is told in person: the chair(s) on the roster. */
export const chairsOf = (svc: Pick<AppServices, "roster">): Person[] => svc.roster.people.filter((p) => p.role === "chair");
