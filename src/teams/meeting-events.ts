/**
 * Meeting events as Teams really sends them (see STACK-NOTES):
 * - participant join/leave come as `application/vnd.microsoft.meetingParticipantJoin`
 *   / `...ParticipantLeave` (singular), which Teams AI v1's `meetings.participantsJoin`
 *   never matches (it listens for the plural), so we route them ourselves;
 * - start/end payloads are PascalCase (`Id`, `Title`, `StartTime`, `EndTime`).
 * The meeting id to use is `channelData.meeting.id`.
 */
import { ActivityTypes, type TurnContext } from "botbuilder";
import { z } from "zod";

export const MEETING_START = "application/vnd.microsoft.meetingStart";
export const MEETING_END = "application/vnd.microsoft.meetingEnd";
export const PARTICIPANT_JOIN = "application/vnd.microsoft.meetingParticipantJoin";
export const PARTICIPANT_LEAVE = "application/vnd.microsoft.meetingParticipantLeave";

export const isEvent = (name: string) => async (context: TurnContext) =>
  context.activity.type === ActivityTypes.Event && context.activity.name === name;

const StartEndSchema = z.object({
  Id: z.string().max(512).optional(),
  Title: z.string().max(1024).optional(),
  StartTime: z.string().max(64).optional(),
  EndTime: z.string().max(64).optional(),
  MeetingType: z.string().max(64).optional(),
});

export function readStartEnd(context: TurnContext): { teamsMeetingId?: string; startTime?: string; endTime?: string } {
  const parsed = StartEndSchema.safeParse(context.activity.value ?? {});
  const v = parsed.success ? parsed.data : {};
  const teamsMeetingId = teamsMeetingIdOf(context) ?? v.Id;
  return {
    ...(teamsMeetingId ? { teamsMeetingId } : {}),
    ...(v.StartTime ? { startTime: v.StartTime } : {}),
    ...(v.EndTime ? { endTime: v.EndTime } : {}),
  };
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

export function readParticipants(context: TurnContext): { aadObjectId?: string; userId: string; inMeeting?: boolean }[] {
  const parsed = ParticipantsSchema.safeParse(context.activity.value ?? {});
  if (!parsed.success) return [];
  return parsed.data.members.map((m) => ({
    userId: m.user.id,
    ...(m.user.aadObjectId ? { aadObjectId: m.user.aadObjectId } : {}),
    ...(m.meeting?.inMeeting !== undefined ? { inMeeting: m.meeting.inMeeting } : {}),
  }));
}

export function teamsMeetingIdOf(context: TurnContext): string | undefined {
  const id = (context.activity.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  return typeof id === "string" && id.length <= 512 ? id : undefined;
}
