/**
 * Issue 15 (wip/follow) in Teams: the HF's follow-up card, the coordinator's
 * overview of follow-ups and the group-level proposal card — views built from
 * the use cases' results, and the card verbs (each: parse, one use case, render).
 */
import { answerFollowUp, followUpOverview, type FollowUpOverview } from "../../app/coordinator/follow-up.js";
import { proposalFor, saveProposal, type ProposalSubject } from "../../app/coordinator/proposals.js";
import { hfById } from "../../app/people.js";
import type { AppServices } from "../../app/services.js";
import { renderFollowUpCard } from "../../cards/follow-up.js";
import { renderFollowUps } from "../../cards/follow-ups.js";
import { renderProposalCard } from "../../cards/proposal.js";
import { inOslo } from "../../domain/calendar.js";
import type { FollowUp } from "../../domain/follow-up.js";
import type { Problem } from "../../domain/result.js";
import { hasMessage, t, type Locale } from "../../i18n/index.js";
import type { ActionOf, VerbEnv, VerbTable } from "../card-verbs.js";
import { reasonText } from "../replies.js";

const hfNameOf = (svc: Pick<AppServices, "roster">, id: string) => hfById(svc.roster, id)?.name ?? id;

export function followUpCard(
  svc: Pick<AppServices, "roster">,
  f: FollowUp,
  locale: Locale,
  extra: { reminder?: boolean; problems?: string[]; values?: Record<string, string> } = {},
) {
  return renderFollowUpCard({ locale, followUp: f, responsibleHfName: hfNameOf(svc, f.plan.responsibleHfId), ...extra });
}

export function followUpsCard(svc: Pick<AppServices, "roster">, o: FollowUpOverview, locale: Locale, now: string) {
  return renderFollowUps({
    locale,
    today: inOslo(now).toISODate()!,
    lines: o.followUps.map((l) => ({ ...l, hfName: hfNameOf(svc, l.responsibleHfId) })),
    proposals: o.proposals,
  });
}

export function proposalCard(
  locale: Locale,
  s: ProposalSubject,
  extra: { reminder?: boolean; saved?: boolean; problems?: string[]; values?: Record<string, string> } = {},
) {
  return renderProposalCard({ locale, ...s, ...extra });
}

const problemText = (locale: Locale, p: Problem): string => (hasMessage(p.code) ? t(locale, p.code, p.params) : t(locale, "input.invalid"));

async function answer(e: VerbEnv, a: ActionOf<"answerFollowUp">): Promise<void> {
  const { io, app } = e;
  const { locale } = io.turn;
  const { verb: _v, caseId, ...values } = a;
  const r = await answerFollowUp(app.svc, { caseId, answer: values, actor: e.actor, op: io.turn.op });
  if (r.ok) return io.answerCard(followUpCard(app.svc, r.value.followUp, locale));
  const current = await app.svc.records.followUp(caseId);
  // Not theirs, or no such follow-up: a message only, nothing of the case.
  if (!current || r.reason.code === "followUp.notRecipient") return io.answerMessage(reasonText(locale, r.reason));
  const problems = r.problems?.length ? r.problems.map((p) => problemText(locale, p)) : [reasonText(locale, r.reason)];
  const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  return io.answerCard(followUpCard(app.svc, current, locale, { problems, values: kept }));
}

const coordinatorOnly = { who: (p: { role: string }) => p.role === "coordinator", refusal: "error.notCoordinator" } as const;

export const FOLLOW_UP_VERBS = {
  // The HF's decision recipients answer (the use case checks it is theirs; a coordinator may answer on their behalf).
  answerFollowUp: { handle: answer },
  openProposal: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const r = await proposalFor(e.app.svc, { caseId: a.caseId, actor: e.actor });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerCard(proposalCard(e.io.turn.locale, r.value));
    },
  },
  saveProposal: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { locale, op } = e.io.turn;
      const r = await saveProposal(e.app.svc, {
        caseId: a.caseId,
        ...(a.proposalText !== undefined ? { text: a.proposalText } : {}),
        ...(a.proposalStatus !== undefined ? { status: a.proposalStatus } : {}),
        actor: e.actor,
        op,
      });
      if (r.ok) return e.io.answerCard(proposalCard(locale, r.value, { saved: true }));
      const subject = await proposalFor(e.app.svc, { caseId: a.caseId, actor: e.actor });
      if (!subject.ok) return e.io.answerMessage(reasonText(locale, r.reason));
      const problems = r.problems?.length ? r.problems.map((p) => problemText(locale, p)) : [reasonText(locale, r.reason)];
      const values = {
        ...(a.proposalText !== undefined ? { proposalText: a.proposalText } : {}),
        ...(a.proposalStatus ? { proposalStatus: a.proposalStatus } : {}),
      };
      return e.io.answerCard(proposalCard(locale, subject.value, { problems, values }));
    },
  },
} satisfies VerbTable<"answerFollowUp" | "openProposal" | "saveProposal">;

export { followUpOverview };
