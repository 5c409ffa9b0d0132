/**
 * The meetings container holds, in one partition per meeting, the meeting
 * itself and one small document per fact: each attendance mark, each position,
 * each declared conflict and each conclusion. Facts owned by one person are
 * separate documents, so sixty members clicking at once never contend for one
 * document; the meeting's whole state is read with one single-partition query.
 */
import type { AttendanceMark, Conclusion, DeclaredConflict, Meeting, PositionMark } from "../domain/meeting.js";
import type { DocumentStore } from "./ports.js";

export type MeetingDoc = Meeting & { meetingId: string; type: "meeting" };
export type AttendanceDoc = AttendanceMark & { id: string; meetingId: string; type: "attendance" };
export type PositionDoc = PositionMark & { id: string; meetingId: string; type: "position" };
export type ConflictDoc = DeclaredConflict & { id: string; meetingId: string; type: "conflict" };
export type ConclusionDoc = Conclusion & { id: string; type: "conclusion" };
/** Where the bot posted a shared card in the meeting chat, so it can update it. */
export interface CardDoc {
  id: string;
  meetingId: string;
  type: "card";
  kind: "agenda" | "attendance" | "case";
  caseId?: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

export type MeetingFactDoc = MeetingDoc | AttendanceDoc | PositionDoc | ConflictDoc | ConclusionDoc | CardDoc;

export const attendanceId = (personId: string) => `att:${personId}`;
export const positionId = (caseId: string, personId: string) => `pos:${caseId}:${personId}`;
export const conflictId = (caseId: string, personId: string) => `conflict:${caseId}:${personId}`;
export const conclusionId = (caseId: string) => `conclusion:${caseId}`;
export const cardId = (kind: CardDoc["kind"], caseId?: string) => (caseId ? `card:${kind}:${caseId}` : `card:${kind}`);

export interface MeetingState {
  meeting: Meeting;
  attendance: AttendanceMark[];
  positions: PositionMark[];
  conflicts: DeclaredConflict[];
  conclusions: Conclusion[];
  cards: CardDoc[];
}

export async function loadMeetingState(store: DocumentStore, meetingId: string): Promise<MeetingState | undefined> {
  const docs = await store.query<MeetingFactDoc>("meetings", meetingId, "SELECT * FROM c WHERE c.meetingId = @pk");
  const meetingDoc = docs.find((d): d is MeetingDoc => d.type === "meeting");
  if (!meetingDoc) return undefined;
  return {
    meeting: stripMeeting(meetingDoc),
    attendance: docs.filter((d): d is AttendanceDoc => d.type === "attendance"),
    positions: docs.filter((d): d is PositionDoc => d.type === "position"),
    conflicts: docs.filter((d): d is ConflictDoc => d.type === "conflict"),
    conclusions: docs.filter((d): d is ConclusionDoc => d.type === "conclusion"),
    cards: docs.filter((d): d is CardDoc => d.type === "card"),
  };
}

function stripMeeting(doc: MeetingDoc): Meeting {
  const { meetingId: _m, type: _t, ...meeting } = doc;
  return meeting;
}

export function toMeetingDoc(meeting: Meeting): MeetingDoc {
  return { ...meeting, meetingId: meeting.id, type: "meeting" };
}

/** Present members: the latest mark per person says present. */
export function presentIds(attendance: AttendanceMark[]): Set<string> {
  return new Set(attendance.filter((a) => a.present).map((a) => a.personId));
}

/** Later-timestamped facts win; equal timestamps keep the stored one (a retried delivery changes nothing). */
export function isNewer(candidate: { at: string }, current: { at: string } | undefined): boolean {
  return !current || Date.parse(candidate.at) > Date.parse(current.at);
}
