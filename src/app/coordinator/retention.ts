/**
 * The retention rule, run by a timer (src/timers.ts, under its lease): for each
 * case closed longer ago than RETENTION_CLOSED_CASE_YEARS, the clinical free
 * text is removed from the case and from the copy the meeting froze when the
 * chair took it up; the case, its decision record and the audit trail are kept.
 * Audited once per case ("retention.applied"). Off when no period is set.
 * Idempotent: a case whose text is gone is not due again.
 */
import { retentionDue, withoutClinicalText } from "../../domain/retention.js";
import { audit } from "../audit.js";
import type { AppServices } from "../services.js";

export async function applyRetention(svc: AppServices, input: { now: string }): Promise<{ applied: string[]; off?: true }> {
  const years = svc.settings.retentionClosedCaseYears;
  if (years === undefined) return { applied: [], off: true };
  const applied: string[] = [];
  for (const c of await svc.cases.all()) {
    if (!retentionDue(c, input.now, years)) continue;
    const changed = await svc.cases.change(c.id, (current) => (retentionDue(current, input.now, years) ? withoutClinicalText(current, input.now) : undefined));
    if (!changed?.clinicalTextRemovedAt) continue;
    if (c.meetingId)
      await svc.meetings.redactTakenUp(c.meetingId, c.id, (frozen) => (frozen.clinicalTextRemovedAt ? undefined : withoutClinicalText(frozen, input.now)));
    await audit(svc.audit, {
      op: { id: `retention:${c.id}`, at: input.now },
      doer: "system",
      action: "retention.applied",
      caseId: c.id,
      after: `clinical text removed (${years} y after closing)`,
    });
    applied.push(c.id);
  }
  return { applied };
}
