/**
 * The register's follow-up figures (issue 15): how the grants on each method
 * went (the answered follow-ups), and the group-level proposals by status.
 * Counts only: never a comment, never a price. Added to the report
 * (src/app/coordinator/report.ts) as fields of their own.
 */
import { inOslo } from "../../domain/calendar.js";
import { followUpOutcomesByMethod, type FollowUpOutcomes } from "../../domain/follow-up.js";
import { proposalsByStatus, type ProposalStatus } from "../../domain/group-proposal.js";
import type { Repositories } from "../ports.js";

export interface FollowUpFigures {
  /** Follow-up outcomes per method (Nye metoder id), of the grants decided in the period. */
  followUpOutcomes: FollowUpOutcomes[];
  /** Group-level proposals by status, of those made in the period. */
  proposalsByStatus: Record<ProposalStatus, number>;
}

export async function followUpFigures(repos: Pick<Repositories, "records">, period: { from?: string; to?: string }): Promise<FollowUpFigures> {
  const inPeriod = (iso: string) => {
    const d = inOslo(iso).toISODate()!;
    return (!period.from || d >= period.from) && (!period.to || d <= period.to);
  };
  const [followUps, proposals] = await Promise.all([repos.records.followUps(), repos.records.proposals()]);
  return {
    followUpOutcomes: followUpOutcomesByMethod(followUps.filter((f) => inPeriod(f.decidedOn))),
    proposalsByStatus: proposalsByStatus(proposals.filter((p) => inPeriod(p.createdAt))),
  };
}
