/**
 * One case as the meeting sees it, read in one go: the meeting's attendance
 * and this case's own facts (src/app/ports.ts MeetingRepository.caseFacts),
 * the case as the committee took it up, and its standing under the rules.
 */
import type { AppResult } from "../reason-codes.js";
import type { Case, CaseStatus } from "../../domain/case.js";
import type { Conclusion } from "../../domain/meeting.js";
import { fail, ok, type Result } from "../../domain/result.js";
import type { CaseFacts } from "../ports.js";
import { caseMinutesDefault, recusalPolicy, type AppServices } from "../services.js";
import { elapsedTime, meetingStart, minutesOf, type ElapsedTime } from "../../domain/time-budget.js";
import { caseStanding, type CaseStanding } from "./standing.js";
import type { Precedents } from "../../domain/precedents.js";
import { precedentsOfCase } from "../precedents.js";

export interface CaseInMeeting {
  facts: CaseFacts;
  /** The case as taken up (frozen then), or as stored when it has not been taken up here yet. */
  case: Case;
  /** Where the case stands in this meeting: its conclusion here, in the meeting, or as stored. */
  status: CaseStatus;
  takenUp: boolean;
  standing: CaseStanding;
  conclusion?: Conclusion;
  /** The earlier decisions on the same method (frozen at take-up; read afresh for a case not yet taken up). */
  precedents?: Precedents;
}

export function caseInMeeting(svc: Pick<AppServices, "roster" | "settings">, facts: CaseFacts, theCase: Case, precedents?: Precedents): CaseInMeeting {
  const conclusion = facts.conclusion;
  const status: CaseStatus = conclusion ? conclusion.result : facts.takenUp ? "inMeeting" : theCase.status;
  return {
    facts,
    case: theCase,
    status,
    takenUp: facts.takenUp !== undefined,
    standing: caseStanding(svc.roster, theCase, facts, svc.settings.quorumMinimum, recusalPolicy(svc.settings)),
    ...(conclusion ? { conclusion } : {}),
    ...(precedents ? { precedents } : {}),
  };
}

export async function loadCaseInMeeting(svc: AppServices, meetingId: string, caseId: string): Promise<AppResult<CaseInMeeting>> {
  const facts = await svc.meetings.caseFacts(meetingId, caseId);
  if (!facts) return fail("error.meetingNotFound", { meetingId });
  if (!facts.meeting.agenda.includes(caseId)) return fail("error.caseNotInMeeting", { caseId });
  // Taken up: the frozen case is all we need. Not yet: read it (a case card posted before take-up).
  const theCase = facts.takenUp?.case ?? (await svc.cases.byCode(caseId));
  if (!theCase) return fail("error.caseNotFound", { caseId });
  // Precedents: frozen at take-up (no read here, so the position invoke costs nothing more); a card before take-up reads them.
  const precedents = facts.takenUp ? facts.takenUp.precedents : await precedentsOfCase(svc, theCase, svc.now().toISOString());
  return ok(caseInMeeting(svc, facts, theCase, precedents));
}

/** The same case after a fact was added by this operation, without reading it again. */
export function withFacts(svc: Pick<AppServices, "roster" | "settings">, loaded: CaseInMeeting, change: Partial<CaseFacts>): CaseInMeeting {
  return caseInMeeting(svc, { ...loaded.facts, ...change }, loaded.case, loaded.precedents);
}

/**
 * The two-hour limit (issue 13): the time on the case (since it was taken up)
 * against its minutes on the agenda, and in the meeting (since its start
 * event, else the first take-up) against 120, at `now`. Nothing once the
 * meeting ended or the case has its conclusion.
 */
export function caseClock(svc: Pick<AppServices, "settings">, loaded: CaseInMeeting, now: string): ElapsedTime | undefined {
  const { meeting, takenUp } = loaded.facts;
  if (meeting.endedAt || loaded.conclusion) return undefined;
  const started = meetingStart(meeting);
  const clock = elapsedTime({
    now,
    ...(started ? { meetingStartedAt: started } : {}),
    ...(takenUp ? { caseTakenUpAt: takenUp.at } : {}),
    caseBudget: minutesOf(meeting, loaded.case.id, caseMinutesDefault(svc.settings)),
  });
  return clock.case || clock.meeting ? clock : undefined;
}
