/**
 * External experts (ekstern fagekspert, 000 §6.2) join a single case's
 * presentation only. The coordinator invites an expert to one case; the
 * invitation is a fact of the case's meeting, and it is what lets the expert
 * see that case's clinical texts (src/app/visibility.ts) — every other case
 * shows them a minimal view.
 */
import type { Case } from "../../domain/case.js";
import type { ExpertInvitation } from "../../domain/meeting.js";
import type { Person } from "../../domain/roster.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { personById } from "../people.js";
import type { AppResult } from "../reason-codes.js";
import type { AppServices } from "../services.js";

export interface ExpertInvited {
  invitation: ExpertInvitation;
  meetingId: string;
  expert: Person;
  case: Case;
  /** False when the expert was already invited to the case (a retry or a repeated command). */
  changed: boolean;
}

export async function inviteExpert(svc: AppServices, input: { caseCode: string; expertId: string; actor: Actor }, op: Op): Promise<AppResult<ExpertInvited>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const theCase = await svc.cases.byCode(input.caseCode);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseCode });
  const meeting = theCase.meetingId ? await svc.meetings.get(theCase.meetingId) : undefined;
  if (!meeting || !meeting.agenda.includes(theCase.id)) return fail("agenda.notOnAgenda", { code: theCase.code });
  const expert = personById(svc.roster, input.expertId) ?? svc.roster.people.find((p) => p.id.toLowerCase() === input.expertId.toLowerCase());
  if (!expert || expert.role !== "expert") return fail("error.notExpert");
  const invitation: ExpertInvitation = { caseId: theCase.id, personId: expert.id, by: input.actor.person.id, at: op.at };
  const changed = await svc.meetings.addExpertInvitation(meeting.id, invitation);
  if (changed) {
    await audit(svc.audit, { op, doer: input.actor, action: "expert.invited", caseId: theCase.id, meetingId: meeting.id, after: `${expert.id} invited` });
  }
  return ok({ invitation, meetingId: meeting.id, expert, case: theCase, changed });
}
