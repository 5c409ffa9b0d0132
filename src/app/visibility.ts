/**
 * Who may see what of a case in the meeting, decided here, as pure functions
 * the views call: which view a person gets (eligible to state a position,
 * recused, chair, coordinator, observer, not present, or a reader outside the
 * committee), and whether that view may show confidential prices and the
 * committee's own reasons (declared conflicts, deferrals).
 */
import type { Position } from "../domain/meeting.js";
import type { RecusalReason } from "../domain/recusal.js";
import type { Person } from "../domain/roster.js";
import type { CaseInMeeting } from "./meeting/case-in-meeting.js";
import { presentIds } from "./meeting/standing.js";

export type CaseViewerKind = "eligible" | "recused" | "chair" | "coordinator" | "observer" | "absent" | "guest";

export interface CaseViewer {
  kind: CaseViewerKind;
  name?: string;
  /** For kind "recused": why (inhabil fordi …), and a declared conflict's own words. */
  recusedReason?: RecusalReason;
  recusedDetail?: string;
  /** For kind "eligible": the viewer's current position (standpunkt), if any. */
  ownPosition?: Position;
}

/** The view of a case a person gets. Undefined person: the shared card everyone in the chat sees. */
export function caseViewer(person: Person | undefined, loaded: CaseInMeeting): CaseViewer {
  if (!person) return { kind: "guest" };
  const { standing, facts } = loaded;
  const base = { name: person.name };
  if (person.role === "chair") return { ...base, kind: "chair" };
  if (person.role === "coordinator") return { ...base, kind: "coordinator" };
  if (person.role === "observer") return { ...base, kind: "observer" };
  // An external expert or an HF's fagdirektør is not the committee: the read-only view without confidential figures or reasons.
  if (person.role !== "member" && person.role !== "substitute") return { kind: "guest" };
  const recusal = standing.recused.find((r) => r.personId === person.id);
  if (recusal) return { ...base, kind: "recused", recusedReason: recusal.reason, ...(recusal.text ? { recusedDetail: recusal.text } : {}) };
  if (standing.eligible.includes(person.id)) {
    const own = standing.positions.get(person.id);
    return { ...base, kind: "eligible", ...(own ? { ownPosition: own } : {}) };
  }
  // Not yet present (or a substitute whose member takes part): they see the buttons only if stating would count.
  const wouldCount = !presentIds(facts.attendance).has(person.id) && standing.refusalFor(person.id)?.code === "error.notEligible";
  return { ...base, kind: wouldCount ? "eligible" : "absent" };
}

/** Confidential prices and the committee's own reasons are for the committee only. */
export const seesCommitteeDetail = (viewer: CaseViewer): boolean => viewer.kind !== "guest";
