/**
 * The messaging port: what the use cases tell people in Teams. The Teams
 * implementation (src/teams/coordinator/notifier.ts) renders each message as a
 * card in the recipient's language and sends it to their 1:1 chat.
 */
import type { Case } from "../domain/case.js";
import type { DecisionRecord } from "../domain/decision-record.js";
import type { MissingItem } from "../domain/completeness.js";
import type { Meeting } from "../domain/meeting.js";
import type { RecusalReason } from "../domain/recusal.js";
import type { Delivery, DeliveryFailure } from "./delivery.js";

export type { Delivery };

export interface PapersItem {
  case: Case;
  /** The recipient is recused from this case, and why. */
  recusal?: { reason: RecusalReason; text?: string };
}

export interface Notifier {
  /** Confirms receipt of an application to the applying HF's fagdirektør. */
  caseReceived(to: string, theCase: Case): Promise<Delivery>;
  /** Sends the applying HF's fagdirektør exactly what is missing. */
  caseReturned(to: string, theCase: Case, missing: MissingItem[]): Promise<Delivery>;
  /** Sends one member their papers: the agenda with the case briefs and their own recusals. */
  papers(to: string, meeting: Meeting, items: PapersItem[]): Promise<Delivery>;
  /** Shows the coordinator a drafted decision record to edit and confirm. */
  recordDrafted(to: string, record: DecisionRecord): Promise<Delivery>;
  /** Routes a confirmed record to the applying HF's fagdirektør, with a "Mottatt" button. */
  decisionRouted(to: string, record: DecisionRecord): Promise<Delivery>;
  /** Tells the coordinator something needs their attention (routing failed, papers late, unacknowledged record). */
  alertCoordinator(to: string, alert: CoordinatorAlert): Promise<Delivery>;
}

export type CoordinatorAlert =
  | { kind: "routingFailed"; caseId: string; recordId: string; recipientId: string; reason: DeliveryFailure }
  | { kind: "papersLate"; meetingId: string; deadline: string }
  | { kind: "unacknowledged"; caseId: string; recordId: string; recipientId: string; sentAt: string };
