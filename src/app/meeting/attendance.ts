/** Attendance (oppmøte): marks from Teams' join/leave events, check-ins and the coordinator. */
import type { AppResult } from "../reason-codes.js";
import type { AttendanceMark, Meeting } from "../../domain/meeting.js";
import type { AttendanceReply } from "../../domain/forecast.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import type { Actor, Op } from "../context.js";
import { personById } from "../people.js";
import type { AppServices } from "../services.js";
import { isNewer } from "./standing.js";

export interface AttendanceRecorded {
  changed: boolean;
  /** The meeting and its attendance after this mark, so the caller can show it without reading again. */
  meeting: Meeting;
  attendance: AttendanceMark[];
  /** The replies to the papers, when read (issue 13: who was expected). */
  replies?: AttendanceReply[];
}

/**
 * Records one person's presence or absence. The later mark wins (Teams'
 * timestamps); a retried delivery changes nothing. `known` passes the meeting
 * and attendance the caller already read, saving a read.
 */
export async function recordAttendance(
  svc: AppServices,
  input: { meetingId: string; personId: string; present: boolean; source: AttendanceMark["source"]; actor?: Actor },
  op: Op,
  known?: { meeting: Meeting; attendance: AttendanceMark[]; replies?: AttendanceReply[] },
): Promise<AppResult<AttendanceRecorded>> {
  const person = personById(svc.roster, input.personId);
  if (!person) return fail("error.notOnRoster");
  const facts = known ?? (await svc.meetings.attendance(input.meetingId));
  if (!facts) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const mark: AttendanceMark = { personId: person.id, present: input.present, source: input.source, at: op.at };
  let changed = false;
  const stored = await svc.meetings.changeAttendance(input.meetingId, person.id, (current) => {
    changed = false; // the mutator runs again after a lost race: only its last run counts
    if (!isNewer(mark, current)) return undefined;
    changed = !current || current.present !== mark.present;
    return mark;
  });
  if (changed) {
    await audit(svc.audit, {
      op,
      key: `${op.id}:${person.id}`,
      doer: input.actor ?? { person },
      action: input.present ? "attendance.present" : "attendance.absent",
      meetingId: input.meetingId,
      after: `${person.id} ${input.present ? "present" : "absent"} (${input.source})`,
    });
  }
  const attendance = [...facts.attendance.filter((a) => a.personId !== person.id), stored ?? mark];
  return ok({ changed, meeting: facts.meeting, attendance, ...(facts.replies ? { replies: facts.replies } : {}) });
}
