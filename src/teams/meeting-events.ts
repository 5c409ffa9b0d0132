/**
 * Meeting events as Teams really sends them (docs/teams-quirks.md):
 * - participant join/leave come as `application/vnd.microsoft.meetingParticipantJoin`
 *   / `...ParticipantLeave` (singular), which Teams AI v1's `meetings.participantsJoin`
 *   never matches (it listens for the plural), so bot.ts routes them itself;
 * - start/end payloads come in two shapes: the documented camelCase
 *   (`id`, `title`, `startTime`, `endTime`) and the PascalCase Teams has sent
 *   (`Id`, `Title`, `StartTime`, `EndTime`); both are read.
 * The meeting id to use is `channelData.meeting.id`.
 */
import { z } from "zod";

export const MEETING_START = "application/vnd.microsoft.meetingStart";
export const MEETING_END = "application/vnd.microsoft.meetingEnd";
export const PARTICIPANT_JOIN = "application/vnd.microsoft.meetingParticipantJoin";
export const PARTICIPANT_LEAVE = "application/vnd.microsoft.meetingParticipantLeave";

const text = (max: number) => z.string().max(max).optional();
const StartEndSchema = z.object({
  Id: text(512),
  Title: text(1024),
  StartTime: text(64),
  EndTime: text(64),
  id: text(512),
  title: text(1024),
  startTime: text(64),
  endTime: text(64),
});

/** The start or end time a meetingStart / meetingEnd event carries, in either casing. */
export function readStartEnd(value: unknown): { startTime?: string; endTime?: string } {
  const parsed = StartEndSchema.safeParse(value ?? {});
  const v = parsed.success ? parsed.data : {};
  const startTime = v.StartTime ?? v.startTime;
  const endTime = v.EndTime ?? v.endTime;
  return { ...(startTime ? { startTime } : {}), ...(endTime ? { endTime } : {}) };
}

const ParticipantsSchema = z.object({
  members: z
    .array(
      z.object({
        user: z.object({ id: z.string().max(256), aadObjectId: z.string().max(64).optional(), name: z.string().max(256).optional() }),
        meeting: z.object({ inMeeting: z.boolean().optional(), role: z.string().max(64).optional() }).optional(),
      }),
    )
    .max(1000),
});

export interface Participant {
  /** The opaque "29:…" id. */
  userId: string;
  aadObjectId?: string;
  inMeeting?: boolean;
}

export function readParticipants(value: unknown): Participant[] {
  const parsed = ParticipantsSchema.safeParse(value ?? {});
  if (!parsed.success) return [];
  return parsed.data.members.map((m) => ({
    userId: m.user.id,
    ...(m.user.aadObjectId ? { aadObjectId: m.user.aadObjectId } : {}),
    ...(m.meeting?.inMeeting !== undefined ? { inMeeting: m.meeting.inMeeting } : {}),
  }));
}
