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
  teams?: { conversationId: string; meetingId?: string; serviceUrl?: string; tenantId?: string };
}

/** One person's attendance in a meeting (oppmøte). Latest mark wins. */
export interface AttendanceMark {
  personId: string;
  present: boolean;
  source: "event" | "checkin" | "api" | "coordinator";
  at: string; // ISO datetime
}

/** One member's position (standpunkt) on one case. Latest statement wins. */
export interface PositionMark {
  personId: string;
  caseId: string;
  position: Position;
  at: string;
}

/** A declared conflict of interest (inhabilitet) on one case. */
export interface DeclaredConflict {
  personId: string;
  caseId: string;
  reason: string;
  at: string;
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
  recused: { personId: string; reason: string }[];
}
