import type { Case, CaseStatus } from "./case.js";
import { fail, ok, type Result } from "./result.js";
import type { ReasonCode } from "./reason-codes.js";
import type { Person, Role } from "./roster.js";

/**
 * The case lifecycle (DOMAIN.md "The flow"): which status may follow which,
 * and who may move it. Anything not in the table is refused, so a case can
 * never skip the completeness check, the meeting, or the confirmed record.
 */

/** Automated steps (e.g. "record drafted" after a conclusion) are made by the bot itself. */
export const SYSTEM_ACTOR = { id: "system", role: "system" } as const;
export type Actor = Person | typeof SYSTEM_ACTOR;
export type ActorRole = Role | "system";

type Table = { readonly [From in CaseStatus]: Readonly<Partial<Record<CaseStatus, readonly ActorRole[]>>> };

export const TRANSITIONS: Table = {
  received: { completenessCheck: ["coordinator", "system"] },
  completenessCheck: { returned: ["coordinator"], ready: ["coordinator"] }, // a person decides; never automatic
  returned: { completenessCheck: ["coordinator", "system"] }, // resubmitted with the missing information
  ready: { onAgenda: ["coordinator"] },
  onAgenda: { inMeeting: ["chair", "coordinator", "system"], ready: ["coordinator"] }, // ready = taken off the agenda
  inMeeting: { granted: ["chair"], rejected: ["chair"], deferred: ["chair"] }, // the chair states the conclusion
  deferred: { onAgenda: ["coordinator"], ready: ["coordinator"] },
  granted: { recordDrafted: ["coordinator", "system"] },
  rejected: { recordDrafted: ["coordinator", "system"] },
  recordDrafted: { recordConfirmed: ["coordinator"] },
  recordConfirmed: { routed: ["coordinator", "system"] },
  // The applying HF's fagdirektør receives the decision. They may sit on the committee themselves.
  routed: { acknowledged: ["hfContact", "member", "substitute"] },
  acknowledged: {},
};

export interface TransitionDetail {
  missing?: string[]; // → returned: the completeness items the HF must supply
  reason?: string; // → returned: the coordinator's own reason besides the items (issue 13), already checked free text
  meetingId?: string; // → onAgenda: the meeting whose agenda the case joins
}

export const allowedTransitions = (from: CaseStatus): CaseStatus[] => Object.keys(TRANSITIONS[from]) as CaseStatus[];

export const rolesFor = (from: CaseStatus, to: CaseStatus): readonly ActorRole[] => TRANSITIONS[from][to] ?? [];

export function transition(c: Case, to: CaseStatus, actor: Actor, at: string, detail: TransitionDetail = {}): Result<Case, ReasonCode> {
  const from = c.status;
  const roles = TRANSITIONS[from][to];
  if (!roles) return fail("lifecycle.transitionNotAllowed", { from, to });
  if (!roles.includes(actor.role)) return fail("lifecycle.roleNotAllowed", { role: actor.role, from, to });

  const next: Case = { ...c, status: to };
  switch (to) {
    case "returned": {
      const missing = detail.missing ?? [];
      if (missing.length === 0 && !detail.reason) return fail("lifecycle.missingItemsRequired", { from, to });
      next.returns = [...c.returns, { at, by: actor.id, missing: [...missing], ...(detail.reason ? { reason: detail.reason } : {}) }];
      break;
    }
    case "ready":
      if (from === "completenessCheck")
        next.readyAt = at; // readiness counts from the check, not from agenda shuffles
      else delete next.meetingId;
      break;
    case "onAgenda":
      if (!detail.meetingId) return fail("lifecycle.meetingRequired", { from, to });
      next.meetingId = detail.meetingId;
      break;
    case "granted":
    case "rejected":
      next.outcome = to;
      next.decidedAt = at;
      break;
    case "acknowledged":
      if (!isApplyingHfFagdirektor(actor, c)) {
        return fail("lifecycle.notApplyingHf", { personId: actor.id, hfId: c.applyingHfId });
      }
      next.acknowledgedAt = at;
      break;
    default:
      break;
  }
  return ok(next);
}

function isApplyingHfFagdirektor(actor: Actor, c: Case): boolean {
  if (actor.role === "system") return false;
  return actor.hfId === c.applyingHfId && (actor.role === "hfContact" || actor.isFagdirektor);
}
