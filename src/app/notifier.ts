/**
 * The messaging port: what the use cases tell people in Teams. The Teams
 * implementation (src/teams/coordinator/notifier.ts) renders each message as a
 * card in the recipient's language and sends it to their 1:1 chat.
 */
import type { Case } from "../domain/case.js";
import type { DecisionRecord } from "../domain/decision-record.js";
import type { FollowUp } from "../domain/follow-up.js";
import type { GroupProposal } from "../domain/group-proposal.js";
import type { MissingItem } from "../domain/completeness.js";
import type { Meeting } from "../domain/meeting.js";
import type { Minutes } from "../domain/minutes.js";
import type { RecusalReason } from "../domain/recusal.js";
import type { ForecastView } from "./meeting/preparation.js";
import type { DeferralNotice } from "./meeting/deferral-notice.js";
import type { SubstituteInvitation } from "./ports.js";
import type { Delivery, DeliveryFailure } from "./delivery.js";
import type { MemberPosition } from "./coordinator/member-reasons.js";

export type { Delivery };

export interface PapersItem {
  case: Case;
  /** The recipient is recused from this case, and why. */
  recusal?: { reason: RecusalReason; text?: string };
  /** The titles of the case's documents the recipient may open (src/app/meeting-book.ts); none for a recused member. */
  documents?: string[];
}

export interface Notifier {
  /** Confirms receipt of an application to the applying HF's fagdirektør. */
  caseReceived(to: string, theCase: Case): Promise<Delivery>;
  /** Sends the applying HF's fagdirektør exactly what is missing. */
  caseReturned(to: string, theCase: Case, missing: MissingItem[]): Promise<Delivery>;
  /** Sends one member their papers: the agenda with the case briefs and their own recusals. */
  papers(to: string, meeting: Meeting, items: PapersItem[]): Promise<Delivery>;
  /** Shows the coordinator a drafted decision record to edit and confirm. */
  recordDrafted(to: string, record: DecisionRecord, positions?: MemberPosition[]): Promise<Delivery>;
  /** Issue 14: asks the chair to approve a confirmed record (*Godkjenn* / *Be om endring*). */
  approvalAsked(to: string, record: DecisionRecord, review?: ApprovalReview): Promise<Delivery>;
  /** Issue 14, the members' comment window: asks a member who took part to comment on a confirmed record, once, until `until`. */
  commentAsked(to: string, record: DecisionRecord, until: string): Promise<Delivery>;
  /** Issue 14: tells the coordinator the chair approved the record, or asked for a change (the record is a draft again). */
  signedOff(to: string, record: DecisionRecord, event: "approved" | "changeRequested"): Promise<Delivery>;
  /**
   * Issue 14, the minutes: the minutes card in the recipient's 1:1 chat: drafted (the coordinator edits and confirms),
   * approvalAsked (the chair approves or asks for a change), approved / changeRequested (the coordinator is told).
   */
  minutes(to: string, minutes: Minutes, event: MinutesEvent): Promise<Delivery>;
  /** Routes a confirmed record to the applying HF's fagdirektør, with a "Mottatt" button. */
  decisionRouted(to: string, record: DecisionRecord): Promise<Delivery>;
  /** Asks a substitute to stand in (the whole meeting or the named cases), with the papers for those cases and *Jeg kommer* / *Jeg kan ikke*. */
  substituteInvited(to: string, meeting: Meeting, invitation: SubstituteInvitation, items: PapersItem[]): Promise<Delivery>;
  /** Shows the chair or a coordinator the quorum forecast, or updates the card they already have in place (place). */
  forecast(to: string, view: ForecastView, place?: { activityId: string }): Promise<Delivery>;
  /** The two-hour limit (issue 13): tells the meeting chat that the meeting nears its limit. */
  meetingTimeWarning(meeting: Meeting, warning: TimeWarningNotice): Promise<Delivery>;
  /** The two-hour limit (issue 13): tells the chair in person (their 1:1 chat) that the meeting nears its limit. */
  chairTimeWarning(to: string, warning: TimeWarningNotice): Promise<Delivery>;
  /** Issue 14: tells the applying HF's decision recipients that the case was deferred, why, and the next meeting. */
  caseDeferred(to: string, theCase: Case, notice: DeferralNotice): Promise<Delivery>;
  /** Tells the coordinator something needs their attention (routing failed, papers late, unacknowledged record). */
  alertCoordinator(to: string, alert: CoordinatorAlert): Promise<Delivery>;
  /** Issue 15: sends an HF's decision recipient the follow-up card of a grant (on the review date, or its one reminder). */
  followUp(to: string, followUp: FollowUp, kind: "due" | "reminder"): Promise<Delivery>;
  /** Issue 15: reminds a coordinator, once, of a group-level proposal still waiting to be sent (its card). */
  proposalReminder(to: string, proposal: GroupProposal): Promise<Delivery>;
}

/** What the chair's approval card shows of the members' comment window: their comments so far and when it closes (absent: closed or off). */
export interface ApprovalReview {
  comments: { personId: string; comment: string }[];
  until?: string;
}

/** What a minutes card tells its recipient. */
export type MinutesEvent = "drafted" | "approvalAsked" | "approved" | "changeRequested";

/** The meeting nears the two-hour limit: minutes since its start, the limit, the minutes left. */
export interface TimeWarningNotice {
  meetingId: string;
  meetingDate: string;
  elapsed: number;
  limit: number;
  left: number;
}

export type CoordinatorAlert =
  /** The applying HF (hfId) is named even when the roster has no recipient there (recipientId ""). */
  | { kind: "routingFailed"; caseId: string; recordId: string; recipientId: string; hfId?: string; reason: DeliveryFailure }
  /** meetingDate (YYYY-MM-DD) so the card says the meeting's date in the same format as the deadline. */
  | { kind: "papersLate"; meetingId: string; meetingDate?: string; deadline: string }
  /** At the papers deadline the forecast for these cases is below the quorum: the substitutes who could fix it (roster ids), else move the case. */
  | {
      kind: "forecastBelow";
      meetingId: string;
      meetingDate: string;
      cases: { caseId: string; expected: number; minimum: number; substitutes: string[] }[];
    }
  /** Issue 13: an urgent application (hastesak) arrived: the earliest extra meeting with its deadlines, and a target date. */
  | { kind: "urgentCase"; caseId: string; receivedAt: string; proposal: { checkBy: string; papersBy: string; meetingDate: string; targetDate: string } }
  | { kind: "unacknowledged"; caseId: string; recordId: string; recipientId: string; sentAt: string }
  /** The applying HF's fagdirektør pressed «Mottatt». */
  | { kind: "acknowledged"; caseId: string; recordId: string; recipientId: string; acknowledgedAt: string }
  /** Issue 14: the app could not be installed for a person the bot must write to (no admin consent, or unknown to the directory). */
  | { kind: "installFailed"; recipientId: string; reason: "noConsent" | "unknownUser" };

/**
 * A notification kept for a person Teams could not reach, in the committee's
 * words and by ids only (the case, the record, the alert): it is rendered
 * from the current state when it is delivered, and dropped when that state
 * has moved on (a draft since confirmed, a routing since delivered).
 */
export type KeptNotice =
  | { kind: "caseReceived"; caseId: string }
  | { kind: "caseReturned"; caseId: string; missing: MissingItem[] }
  | { kind: "recordDrafted"; caseId: string; recordId: string }
  /** Issue 14: the chair asked to approve a record; the coordinator told of the chair's answer. */
  | { kind: "approvalAsked"; caseId: string; recordId: string }
  /** Issue 14: a member who took part asked to comment on a confirmed record (while the window is open). */
  | { kind: "commentAsked"; caseId: string; recordId: string }
  | { kind: "signOff"; caseId: string; recordId: string; event: "approved" | "changeRequested" }
  /** Issue 14: a meeting's minutes, drafted, awaiting the chair, or answered by the chair. */
  | { kind: "minutes"; meetingId: string; minutesId: string; event: MinutesEvent }
  | { kind: "alert"; alert: CoordinatorAlert }
  /** A substitute asked to stand in (the invitation as it stands when delivered). */
  | { kind: "substituteInvited"; meetingId: string }
  /** Issue 14: the case was deferred in that meeting (rendered from the stored conclusion). */
  | { kind: "caseDeferred"; caseId: string; meetingId: string };
