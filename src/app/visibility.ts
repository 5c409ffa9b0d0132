/**
 * Who may see what of a case in the meeting, decided here, as pure functions
 * the views call: which view a person gets (caseViewer), and what that view
 * may carry (caseBriefAccess).
 *
 * The shared card in the meeting chat is read by anyone in the chat — members
 * whose own view has not loaded yet, guests, people outside the committee — so
 * it carries only the case code, the method, the status, the quorum state and
 * a conclusion without its reason. The applicant's clinical reasoning and the
 * priority-criteria texts are for those who take part in or run the case:
 * members and substitutes who are not recused, the chair, the coordinator, the
 * observers, and an external expert for the case they were invited to. A
 * recused member sees the case's title and why they are recused; confidential
 * prices stay within the committee (not a recused member, not an expert).
 */
import type { Position } from "../domain/meeting.js";
import type { RecusalReason } from "../domain/recusal.js";
import type { Person, Roster } from "../domain/roster.js";
import type { CaseInMeeting } from "./meeting/case-in-meeting.js";
import { nameOf } from "./people.js";

/**
 * Issue 14: the members' own short reasons for their positions are for the
 * one who drafts the record (the coordinator) — never on a shared card, never
 * to the other members, the chair or anyone outside the secretariat.
 */
export const seesMemberReasons = (person: Pick<Person, "role">): boolean => person.role === "coordinator";

export type CaseViewerKind =
  | "eligible" // may state a position (present, or no mark yet and would count)
  | "recused"
  | "chair"
  | "coordinator"
  | "observer"
  | "absent" // a member or substitute not present (and not recused)
  | "left" // their latest mark says they left: rejoin or check in first
  | "substituteNotNeeded" // a present substitute whose member sits in this case
  | "expert" // an external expert invited to this case
  | "uninvited" // an external expert not invited to this case
  | "shared" // the shared card in the meeting chat: anyone may read it
  | "guest"; // not the committee (an HF contact, someone not on the roster)

export interface CaseViewer {
  kind: CaseViewerKind;
  name?: string;
  /** For kind "recused": why (inhabil fordi …), and a declared conflict's own words. */
  recusedReason?: RecusalReason;
  recusedDetail?: string;
  /** For kind "eligible": the viewer's current position (standpunkt), if any. */
  ownPosition?: Position;
  /** For kind "substituteNotNeeded": the member who sits in the case. */
  memberName?: string;
}

/** What a view of the case brief may carry. */
export interface CaseBriefAccess {
  /** The case's particulars beyond code, method, status and quorum: the HFs, the documents, the costs. */
  particulars: boolean;
  /** The applicant's clinical reasoning (the grounds) and the priority-criteria texts. */
  clinical: boolean;
  /** A confidential price and cost. */
  confidentialPrice: boolean;
  /** The committee's deliberation: who is recused, the positions, consensus, and its earlier decisions on the same method (precedents). */
  deliberation: boolean;
  /** The committee's own words: a declared conflict's reason, a deferral's reason. */
  committeeReasons: boolean;
  /** The two-hour limit (issue 13): the time on the case in hand against its minutes, and in the meeting against 120. For who leads the meeting. */
  meetingClock?: boolean;
}

const NONE: CaseBriefAccess = { particulars: false, clinical: false, confidentialPrice: false, deliberation: false, committeeReasons: false };
const COMMITTEE: CaseBriefAccess = { particulars: true, clinical: true, confidentialPrice: true, deliberation: true, committeeReasons: true };

export function caseBriefAccess(viewer: Pick<CaseViewer, "kind">): CaseBriefAccess {
  switch (viewer.kind) {
    case "chair":
    case "coordinator":
      // Who leads the meeting also sees its clock (the two-hour limit, issue 13).
      return { ...COMMITTEE, meetingClock: true };
    case "eligible":
    case "absent":
    case "left":
    case "substituteNotNeeded":
    case "observer":
      return COMMITTEE;
    case "expert":
      // The case's presentation: its particulars and clinical texts, not the committee's prices or deliberation.
      return { particulars: true, clinical: true, confidentialPrice: false, deliberation: false, committeeReasons: false };
    case "recused":
    case "uninvited":
    case "shared":
    case "guest":
    default:
      return NONE;
  }
}

/** The view of a case a person gets. Undefined person: the shared card everyone in the chat sees. */
export function caseViewer(person: Person | undefined, loaded: CaseInMeeting, roster: Roster): CaseViewer {
  if (!person) return { kind: "shared" };
  const { standing, facts } = loaded;
  const base = { name: person.name };
  if (person.role === "chair") return { ...base, kind: "chair" };
  if (person.role === "coordinator") return { ...base, kind: "coordinator" };
  if (person.role === "observer") return { ...base, kind: "observer" };
  if (person.role === "expert") {
    const invited = (facts.experts ?? []).some((x) => x.personId === person.id && x.caseId === loaded.case.id);
    return { ...base, kind: invited ? "expert" : "uninvited" };
  }
  // An HF's fagdirektør (or anyone else) is not the committee: the minimal view.
  if (person.role !== "member" && person.role !== "substitute") return { kind: "guest" };
  const recusal = standing.recused.find((r) => r.personId === person.id);
  if (recusal) return { ...base, kind: "recused", recusedReason: recusal.reason, ...(recusal.text ? { recusedDetail: recusal.text } : {}) };
  if (standing.eligible.includes(person.id)) {
    const own = standing.positions.get(person.id);
    return { ...base, kind: "eligible", ...(own ? { ownPosition: own } : {}) };
  }
  const presence = standing.presenceOf(person.id);
  if (presence === "left") return { ...base, kind: "left" };
  // Someone with no mark yet is judged as their click would be: as present.
  const judged = presence === "unmarked" ? standing.asPresent(person.id, new Date(0).toISOString()) : standing;
  if (judged.eligible.includes(person.id)) return { ...base, kind: "eligible" };
  const excluded = judged.quorum.excluded.find((x) => x.personId === person.id)?.reason;
  if (excluded === "substituteForEligibleMember" || (excluded === "substituteNotNeeded" && presence === "present")) {
    return { ...base, kind: "substituteNotNeeded", ...(person.substituteFor ? { memberName: nameOf(roster, person.substituteFor) } : {}) };
  }
  return { ...base, kind: "absent" };
}

/**
 * Issue 14: what an HF's own overview («mine saker») may show. The HF is not
 * the committee: a confidential price (from Sykehusinnkjøp) never reaches it,
 * whoever of the HF asks (a member is recused from their own HF's cases anyway).
 */
export function hfOverviewAccess(_person: Person): Pick<CaseBriefAccess, "confidentialPrice"> {
  return { confidentialPrice: false };
}
