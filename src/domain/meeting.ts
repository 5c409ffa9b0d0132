/** A committee meeting (møte) and what happens in it, case by case. */

export const POSITIONS = ["grant", "reject", "defer"] as const;
export type Position = (typeof POSITIONS)[number]; // innvilge | avslå | utsette
export const isPosition = (p: unknown): p is Position => typeof p === "string" && (POSITIONS as readonly string[]).includes(p);

export type MeetingKind = "regular" | "extra"; // ordinært | ekstraordinært (hastesak)

export interface Meeting {
  id: string; // e.g. "M-2026-11-27"
  date: string; // ISO date, Europe/Oslo
  startsAt: string; // ISO datetime with offset
  kind: MeetingKind;
  agenda: string[]; // case ids, in order
  currentCaseId?: string;
  papersSentAt?: string;
  startedAt?: string;
  endedAt?: string;
  /** Issue 13, the two-hour limit: minutes per agenda case (src/domain/time-budget.ts); a case without an entry has the configured default. */
  caseMinutes?: Record<string, number>;
  /** When the chair first took up a case: the meeting's start when Teams sent no start event. */
  firstTakenUpAt?: string;
  teams?: { conversationId: string; meetingId?: string; serviceUrl?: string; tenantId?: string };
}

/** One person's attendance in a meeting (oppmøte). Latest mark wins. */
export interface AttendanceMark {
  personId: string;
  present: boolean;
  source: "event" | "checkin" | "api" | "coordinator";
  at: string; // ISO datetime
}

/** The latest of a person's attendance marks (the one Teams stamped last), if any. */
export function latestMark(marks: readonly AttendanceMark[], personId: string): AttendanceMark | undefined {
  let latest: AttendanceMark | undefined;
  for (const m of marks) {
    if (m.personId !== personId) continue;
    if (!latest || Date.parse(m.at) >= Date.parse(latest.at)) latest = m;
  }
  return latest;
}

/**
 * Where a person stands in the meeting by their own marks: present, left (the
 * latest mark says absent: a leave event or a check-out), or unmarked (no mark
 * at all). Teams' leave event wins over a later click: only an unmarked person
 * counts as present by stating a position.
 */
export type Presence = "present" | "left" | "unmarked";

export function presenceOf(marks: readonly AttendanceMark[], personId: string): Presence {
  const mark = latestMark(marks, personId);
  return !mark ? "unmarked" : mark.present ? "present" : "left";
}

/** One member's position (standpunkt) on one case. Latest statement wins. */
export interface PositionMark {
  personId: string;
  caseId: string;
  position: Position;
  at: string;
  /** The member's short reason for their position (optional; issue 14): for the record's drafter only, never on shared cards. */
  reason?: string;
}

/** A declared conflict of interest (inhabilitet) on one case. */
export interface DeclaredConflict {
  personId: string;
  caseId: string;
  reason: string;
  at: string;
}

/** An external expert (ekstern fagekspert) invited by the coordinator to one case's presentation (000 §6.2). */
export interface ExpertInvitation {
  caseId: string;
  personId: string; // the expert's roster id
  by: string; // the coordinator's roster id
  at: string;
}

/** Someone recused from a case at its conclusion: the reason code, and a declared conflict's own words. */
export interface ConcludedRecusal {
  personId: string;
  /** "ownHf" | "catchmentHf" | "declared"; conclusions stored before the text was kept carry a declared conflict's text here. */
  reason: string;
  text?: string;
}

/** A member who stated a position on the case and left the meeting before the conclusion. */
export interface LeftBeforeConclusion {
  personId: string;
  position: Position; // their last stated position
}

/** The chair's conclusion on a case in a meeting. */
export interface Conclusion {
  caseId: string;
  meetingId: string;
  result: "granted" | "rejected" | "deferred";
  reason?: string; // required when deferred
  by: string; // chair's roster id
  at: string;
  participants: string[]; // roster ids of the members who took part
  recused: ConcludedRecusal[];
  /** Who stated a position and had left (no longer eligible) when the chair concluded. */
  left?: LeftBeforeConclusion[];
}
