/**
 * The minutes (møteprotokoll): the coordinator documents the meeting (000, the
 * coordinator's duties). After the meeting the bot drafts them from the facts
 * the meeting holds; the coordinator edits the notes and confirms, the chair
 * approves. Once approved a version never changes: a change is a new version.
 * The minutes never carry a price (no cost field at all) and no clinical text.
 */
import { containsNationalId } from "./fodselsnummer.js";
import { checkReason, freeText } from "./free-text.js";
import type { AttendanceMark, Conclusion, DeclaredConflict, ExpertInvitation, Meeting } from "./meeting.js";
import { DEFAULT_QUORUM_MINIMUM } from "./quorum.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Result } from "./result.js";
import type { Roster } from "./roster.js";
import { DEFAULT_CASE_MINUTES, MEETING_MINUTES_LIMIT, meetingStart, minutesBetween, minutesOf } from "./time-budget.js";

export type MinutesRole = "member" | "substitute" | "chair" | "coordinator" | "observer" | "expert";

/** One person in the meeting: who, in which role, and their last attendance mark (present since / left at). */
export interface MinutesAttendee {
  readonly personId: string;
  readonly name: string;
  readonly role: MinutesRole;
  readonly hfName?: string;
  readonly organisation?: string;
  /** A substitute's member (roster id and name). */
  readonly standingInFor?: string;
  readonly standingInForName?: string;
  /** An expert's cases (case codes). */
  readonly expertFor?: readonly string[];
  /** Present at the end (by their last mark) or left. */
  readonly present: boolean;
  /** When their last mark was made (joined, or left). */
  readonly markedAt: string;
}

export interface MinutesRecusal {
  readonly personId: string;
  readonly name: string;
  readonly reason: "ownHf" | "catchmentHf" | "declared";
}

export interface MinutesCase {
  readonly caseId: string;
  readonly caseCode: string;
  readonly urgent?: true;
  /** The chair's conclusion; "notConcluded" when the meeting ended before it. */
  readonly outcome: "granted" | "rejected" | "deferred" | "notConcluded";
  /** A deferral's reason (the chair's words, checked when given). */
  readonly deferralReason?: string;
  /** Who was recused at the conclusion (reason codes only). */
  readonly recused: readonly MinutesRecusal[];
  /** Who declared a conflict of interest on this case (names only: the words stay on the case). */
  readonly declaredConflicts: readonly { readonly personId: string; readonly name: string }[];
  /** Members who took part, against the minimum (absent when not concluded). */
  readonly quorum?: { readonly participants: number; readonly minimum: number };
  /** Granted and rejected are by consensus; a deferral or no conclusion is not. */
  readonly byConsensus: boolean;
  /** Minutes from take-up to conclusion (absent when either is missing), and the case's budget. */
  readonly minutesUsed?: number;
  readonly minutesBudget: number;
}

export interface MinutesChangeRequest {
  readonly by: string;
  readonly at: string;
  readonly comment: string;
}

export type MinutesStatus = "draft" | "confirmed" | "approved";

export interface Minutes {
  readonly id: string; // `${meetingId}:minutes:v${version}`
  readonly meetingId: string;
  readonly version: number;
  readonly status: MinutesStatus;
  readonly meetingDate: string;
  readonly kind: Meeting["kind"];
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly attendees: readonly MinutesAttendee[];
  readonly cases: readonly MinutesCase[];
  /** The meeting's time: used (start to end) against the agenda's budget and the two-hour limit. */
  readonly time: { readonly used?: number; readonly budget: number; readonly limit: number };
  /** The coordinator's own words (plain text, no national id). */
  readonly notes: string;
  readonly draftedBy: string;
  readonly draftedAt: string;
  readonly confirmedBy?: string;
  readonly confirmedAt?: string;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly changeRequests?: readonly MinutesChangeRequest[];
  /** The approved version this one changes. */
  readonly supersedes?: string;
}

export const minutesId = (meetingId: string, version: number) => `${meetingId}:minutes:v${version}`;

/** The longest notes the coordinator may write. */
export const MAX_MINUTES_NOTES_CHARS = 4000;
const notesSchema = freeText(MAX_MINUTES_NOTES_CHARS);

export interface MinutesFacts {
  meeting: Meeting;
  roster: Roster;
  /** The agenda's cases: id, code and whether urgent. */
  cases: readonly { id: string; code: string; urgent?: boolean }[];
  attendance: readonly AttendanceMark[];
  conclusions: readonly Conclusion[];
  conflicts: readonly DeclaredConflict[];
  experts: readonly ExpertInvitation[];
  /** When each case was taken up (first take-up). */
  takenUp: readonly { caseId: string; at: string }[];
  caseMinutesDefault?: number;
  minimum?: number;
  draftedBy: string;
  at: string;
}

const ROLE_ORDER: Record<MinutesRole, number> = { chair: 0, member: 1, substitute: 2, coordinator: 3, observer: 4, expert: 5 };

/** The first draft of a meeting's minutes, from what the meeting holds. Pure: same facts, same minutes. */
export function draftMinutes(facts: MinutesFacts): Minutes {
  const { meeting, roster } = facts;
  const person = (id: string) => roster.people.find((p) => p.id === id);
  const hfName = (id: string | undefined) => roster.hfs.find((h) => h.id === id)?.name;
  const nameOf = (id: string) => person(id)?.name ?? id;
  const defaultMinutes = facts.caseMinutesDefault ?? DEFAULT_CASE_MINUTES;
  const minimum = facts.minimum ?? DEFAULT_QUORUM_MINIMUM;
  const codeOf = (caseId: string) => facts.cases.find((c) => c.id === caseId)?.code ?? caseId;

  // Attendance: everyone with a mark (the latest wins), in role order.
  const latest = new Map<string, AttendanceMark>();
  for (const m of facts.attendance) {
    const seen = latest.get(m.personId);
    if (!seen || Date.parse(m.at) >= Date.parse(seen.at)) latest.set(m.personId, m);
  }
  const attendees: MinutesAttendee[] = [];
  for (const [personId, mark] of latest) {
    const p = person(personId);
    if (!p || p.role === "hfContact") continue;
    const hf = hfName(p.hfId);
    const member = p.role === "substitute" && p.substituteFor ? person(p.substituteFor) : undefined;
    const expertFor = p.role === "expert" ? [...new Set(facts.experts.filter((x) => x.personId === personId).map((x) => codeOf(x.caseId)))] : [];
    attendees.push({
      personId,
      name: p.name,
      role: p.role,
      ...(hf ? { hfName: hf } : {}),
      ...(p.organisation ? { organisation: p.organisation } : {}),
      ...(p.role === "substitute" && p.substituteFor ? { standingInFor: p.substituteFor, standingInForName: member?.name ?? p.substituteFor } : {}),
      ...(expertFor.length > 0 ? { expertFor } : {}),
      present: mark.present,
      markedAt: mark.at,
    });
  }
  attendees.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name, "nb"));

  // Every agenda case exactly once, in agenda order.
  const agenda = [...new Set(meeting.agenda)];
  const cases: MinutesCase[] = agenda.map((caseId) => {
    const info = facts.cases.find((c) => c.id === caseId);
    const conclusion = facts.conclusions.find((c) => c.caseId === caseId && c.meetingId === meeting.id);
    const takenUp = facts.takenUp.filter((t) => t.caseId === caseId).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    const recused: MinutesRecusal[] = (conclusion?.recused ?? []).map((r) => ({
      personId: r.personId,
      name: nameOf(r.personId),
      reason: r.reason === "ownHf" || r.reason === "catchmentHf" ? r.reason : "declared",
    }));
    const declaredConflicts = [...new Set(facts.conflicts.filter((c) => c.caseId === caseId).map((c) => c.personId))].map((personId) => ({
      personId,
      name: nameOf(personId),
    }));
    const decided = conclusion && conclusion.result !== "deferred";
    return {
      caseId,
      caseCode: info?.code ?? caseId,
      ...(info?.urgent ? { urgent: true as const } : {}),
      outcome: conclusion?.result ?? "notConcluded",
      ...(conclusion?.result === "deferred" && conclusion.reason ? { deferralReason: conclusion.reason } : {}),
      recused,
      declaredConflicts,
      ...(conclusion ? { quorum: { participants: conclusion.participants.length, minimum } } : {}),
      byConsensus: Boolean(decided),
      ...(takenUp && conclusion ? { minutesUsed: minutesBetween(takenUp.at, conclusion.at) } : {}),
      minutesBudget: minutesOf(meeting, caseId, defaultMinutes),
    };
  });

  // Start: Teams' start event, else the first take-up; end: Teams' end event, else the last conclusion.
  const firstTakeUp = [...facts.takenUp].map((t) => t.at).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const startedAt = meetingStart(meeting) ?? firstTakeUp;
  const lastConclusion = facts.conclusions
    .filter((c) => c.meetingId === meeting.id)
    .map((c) => c.at)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
  const endedAt = meeting.endedAt ?? lastConclusion;
  const budget = cases.reduce((sum, c) => sum + c.minutesBudget, 0);

  return {
    id: minutesId(meeting.id, 1),
    meetingId: meeting.id,
    version: 1,
    status: "draft",
    meetingDate: meeting.date,
    kind: meeting.kind,
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    attendees,
    cases,
    time: { ...(startedAt && endedAt ? { used: minutesBetween(startedAt, endedAt) } : {}), budget, limit: MEETING_MINUTES_LIMIT },
    notes: "",
    draftedBy: facts.draftedBy,
    draftedAt: facts.at,
  };
}

/** The notes checked: trimmed, at most 4000 characters, no national id. */
export function checkNotes(notes: unknown): Result<string, ReasonCode> {
  if (typeof notes !== "string") return fail("text.required");
  const parsed = notesSchema.safeParse(notes);
  if (parsed.success) return ok(parsed.data);
  if (containsNationalId(notes)) return fail("privacy.nationalIdInText");
  return fail("text.tooLong", { max: MAX_MINUTES_NOTES_CHARS });
}

/** The coordinator saves notes on a draft (*Lagre*). */
export function editMinutes(minutes: Minutes, notes: string): Result<Minutes, ReasonCode> {
  if (minutes.status !== "draft") return fail("minutes.notDraft", { version: minutes.version });
  const text = checkNotes(notes);
  if (!text.ok) return text;
  return ok({ ...minutes, notes: text.value });
}

/** The coordinator confirms a draft (*Bekreft*): the chair approves it next. */
export function confirmMinutes(minutes: Minutes, by: string, at: string): Result<Minutes, ReasonCode> {
  if (minutes.status !== "draft") return fail("minutes.notDraft", { version: minutes.version });
  return ok({ ...minutes, status: "confirmed", confirmedBy: by, confirmedAt: at });
}

/** The chair approves confirmed minutes (*Godkjenn*): from then on this version never changes. */
export function approveMinutes(minutes: Minutes, by: string, at: string): Result<Minutes, ReasonCode> {
  if (minutes.status === "approved") return fail("minutes.alreadyApproved", { version: minutes.version });
  if (minutes.status !== "confirmed") return fail("minutes.notConfirmed", { version: minutes.version });
  return ok({ ...minutes, status: "approved", approvedBy: by, approvedAt: at });
}

/** The chair asks for a change (*Be om endring*, comment required): back to a draft for the coordinator. */
export function requestMinutesChange(minutes: Minutes, by: string, at: string, comment: string): Result<Minutes, ReasonCode> {
  if (minutes.status === "approved") return fail("minutes.alreadyApproved", { version: minutes.version });
  if (minutes.status !== "confirmed") return fail("minutes.notConfirmed", { version: minutes.version });
  const text = checkReason(comment);
  if (!text.ok) return text;
  const { confirmedBy: _by, confirmedAt: _at, ...rest } = minutes;
  return ok({ ...rest, status: "draft", changeRequests: [...(minutes.changeRequests ?? []), { by, at, comment: text.value }] });
}

/** A change after approval: a new draft version that supersedes the approved one (which stays as it was). */
export function reviseMinutes(minutes: Minutes, by: string, at: string): Result<Minutes, ReasonCode> {
  if (minutes.status !== "approved") return fail("minutes.notApproved", { version: minutes.version });
  const { confirmedBy: _cb, confirmedAt: _ca, approvedBy: _ab, approvedAt: _aa, changeRequests: _cr, ...rest } = minutes;
  const version = minutes.version + 1;
  return ok({ ...rest, id: minutesId(minutes.meetingId, version), version, status: "draft", supersedes: minutes.id, draftedBy: by, draftedAt: at });
}
