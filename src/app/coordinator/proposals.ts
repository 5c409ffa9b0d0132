/**
 * Group-level proposals (issue 15; 000 §6.4): after a grant on økt nytte the
 * coordinator's record card prompts to consider one; the proposal card holds
 * its text (which subgroup, which marker) and its status (to be sent, sent to
 * Nye metoder, answered), moved forward by the coordinator. A proposal still
 * to be sent after PROPOSAL_REMINDER_WORKING_DAYS working days reminds the
 * coordinators once (a timer).
 */
import type { DecisionRecord } from "../../domain/decision-record.js";
import {
  checkProposalText,
  DEFAULT_PROPOSAL_REMINDER_WORKING_DAYS,
  moveProposal,
  proposalReminderDue,
  suggestsGroupProposal,
  type GroupProposal,
  type ProposalStatus,
} from "../../domain/group-proposal.js";
import { fail, ok } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { toCoordinators } from "../delivery.js";
import type { AppResult } from "../reason-codes.js";
import type { AppServices, Settings } from "../services.js";
import { latestRecord } from "./records.js";

export const proposalReminderDays = (s: Settings): number => s.proposalReminderWorkingDays ?? DEFAULT_PROPOSAL_REMINDER_WORKING_DAYS;

export interface ProposalSubject {
  caseId: string;
  caseCode: string;
  methodName: string;
  nyeMetoderId: string;
  /** Granted on økt nytte: the prompt's reason. */
  suggested: boolean;
  proposal?: GroupProposal;
}

async function grantedRecord(svc: AppServices, caseId: string): Promise<AppResult<DecisionRecord>> {
  const record = await latestRecord(svc, caseId);
  if (!record) return fail("record.notFound", { id: caseId });
  if (record.outcome !== "granted") return fail("proposal.onlyForGrants", { caseId: record.caseCode });
  return ok(record);
}

const subjectOf = (record: DecisionRecord, proposal: GroupProposal | undefined): ProposalSubject => ({
  caseId: record.caseId,
  caseCode: record.caseCode,
  methodName: record.method.name,
  nyeMetoderId: record.method.nyeMetoderId,
  suggested: suggestsGroupProposal(record),
  ...(proposal ? { proposal } : {}),
});

/** The proposal card's subject: a granted case and its proposal, if one was made (coordinator only). */
export async function proposalFor(svc: AppServices, input: { caseId: string; actor: Actor }): Promise<AppResult<ProposalSubject>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const record = await grantedRecord(svc, input.caseId);
  if (!record.ok) return record;
  return ok(subjectOf(record.value, await svc.records.proposal(input.caseId)));
}

/**
 * Saves the proposal: made with its text (status "to be sent"), the text
 * changed, the status moved forward. Refused, changing nothing: an empty text,
 * a national id in it, a status moved back.
 */
export async function saveProposal(
  svc: AppServices,
  input: { caseId: string; text?: string; status?: ProposalStatus; actor: Actor; op: Op },
): Promise<AppResult<ProposalSubject>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const record = await grantedRecord(svc, input.caseId);
  if (!record.ok) return record;
  const existing = await svc.records.proposal(input.caseId);
  const text = input.text !== undefined || !existing ? checkProposalText(input.text ?? "") : ok(existing.text);
  if (!text.ok) return text;
  const by = input.actor.person.id;
  const base: GroupProposal = existing ?? {
    caseId: record.value.caseId,
    caseCode: record.value.caseCode,
    nyeMetoderId: record.value.method.nyeMetoderId,
    methodName: record.value.method.name,
    text: text.value,
    status: "toSend",
    createdAt: input.op.at,
    createdBy: by,
    history: [{ status: "toSend", at: input.op.at, by }],
  };
  const moved = moveProposal({ ...base, text: text.value }, input.status ?? base.status, by, input.op.at);
  if (!moved.ok) return moved;
  let outcome: AppResult<GroupProposal> = ok(moved.value);
  const stored = await svc.records.changeProposal(input.caseId, (current) => {
    if (!current) {
      outcome = ok(moved.value);
      return moved.value;
    }
    // Another save landed since the read: apply this one to it.
    const again = moveProposal({ ...current, text: text.value }, input.status ?? current.status, by, input.op.at);
    outcome = again;
    return again.ok ? again.value : undefined;
  });
  if (!outcome.ok) return outcome;
  const saved = stored ?? outcome.value;
  await audit(svc.audit, {
    op: input.op,
    doer: input.actor,
    action: existing ? "proposal.changed" : "proposal.made",
    caseId: input.caseId,
    ...(existing ? { before: existing.status } : {}),
    after: saved.status,
  });
  return ok(subjectOf(record.value, saved));
}

/** For a timer: each proposal still to be sent after N working days reminds the coordinators, once. */
export async function remindProposals(svc: AppServices, input: { now: string }): Promise<{ reminded: string[] }> {
  const days = proposalReminderDays(svc.settings);
  const reminded: string[] = [];
  for (const p of await svc.records.proposals()) {
    if (!proposalReminderDue(p, input.now, days)) continue;
    // Marked first: of two runs, the one whose mark lands sends; a run that dies after the mark loses the reminder, never doubles it.
    let mine = false;
    const marked = await svc.records.changeProposal(p.caseId, (current) => {
      mine = current !== undefined && proposalReminderDue(current, input.now, days);
      return mine && current ? { ...current, remindedAt: input.now } : undefined;
    });
    if (!mine || !marked) continue;
    await toCoordinators(svc.roster, (to) => svc.notifier.proposalReminder(to, marked));
    await audit(svc.audit, { op: { id: `proposal-reminder:${p.caseId}`, at: input.now }, doer: "system", action: "proposal.reminded", caseId: p.caseId });
    reminded.push(p.caseCode);
  }
  return { reminded };
}
