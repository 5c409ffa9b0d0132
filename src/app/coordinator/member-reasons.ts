/**
 * Issue 14: the members' positions and their short reasons, beside the record
 * draft for the one who writes it. Who may see them is decided in
 * src/app/visibility.ts (seesMemberReasons): nobody else gets them.
 */
import type { DecisionRecord } from "../../domain/decision-record.js";
import type { Position } from "../../domain/meeting.js";
import type { Person } from "../../domain/roster.js";
import { nameOf } from "../people.js";
import type { AppServices } from "../services.js";
import { seesMemberReasons } from "../visibility.js";

export interface MemberPosition {
  name: string;
  position: Position;
  /** The member's own short reason, when they gave one. */
  reason?: string;
}

/** Each member's last position on the record's case in its meeting, with their reason; empty for anyone who may not see them. */
export async function memberPositionsForRecord(
  svc: Pick<AppServices, "meetings" | "roster">,
  record: Pick<DecisionRecord, "caseId" | "meetingId">,
  viewer: Pick<Person, "role">,
): Promise<MemberPosition[]> {
  if (!seesMemberReasons(viewer)) return [];
  const facts = await svc.meetings.caseFacts(record.meetingId, record.caseId);
  if (!facts) return [];
  return facts.positions
    .filter((p) => p.caseId === record.caseId)
    .map((p) => ({ name: nameOf(svc.roster, p.personId), position: p.position, ...(p.reason ? { reason: p.reason } : {}) }))
    .sort((a, b) => a.name.localeCompare(b.name, "nb"));
}
