/**
 * What every use case gets: the repositories, the roster, the notifier, the
 * committee's settings and the clock. Built once by the composition root
 * (src/host.ts) and passed down; nothing is assigned later.
 */
import type { RecusalPolicy } from "../domain/recusal.js";
import type { Roster } from "../domain/roster.js";
import { DEFAULT_CASE_MINUTES } from "../domain/time-budget.js";
import type { Notifier } from "./notifier.js";
import type { DocumentContentStore, Repositories } from "./ports.js";

export interface Settings {
  /** Eligible members needed for a decision (config QUORUM_MINIMUM, 4–8: at least the source's 4, at most the 8 seats; 000 §6.2). */
  quorumMinimum: number;
  /**
   * Recuse members and substitutes from the patient's catchment-area HF too (config RECUSE_CATCHMENT_HF,
   * default true): a precaution beyond the source's own-HF rule (000 §6.2), passed to the domain's
   * recusal and quorum rules as RecusalPolicy.catchmentHf.
   */
  recuseCatchmentHf: boolean;
  /** Working days before an unacknowledged decision is followed up (ACK_FOLLOW_UP_WORKING_DAYS). */
  ackFollowUpWorkingDays: number;
  /** Years after a case closed before its clinical free text is removed (RETENTION_CLOSED_CASE_YEARS); absent: never (default). */
  retentionClosedCaseYears?: number;
  /** The largest document accepted, in bytes (config DOCUMENT_MAX_MB, 1–100, default 25). */
  documentMaxBytes: number;
  /** Working days between papers and an extra meeting for an urgent case (EXTRA_MEETING_PAPERS_WORKING_DAYS, default 1; issue 13). */
  extraMeetingPapersWorkingDays?: number;
  /** Minutes a case gets when put on an agenda (CASE_MINUTES_DEFAULT, 5–60, default 15; issue 13, the two-hour limit). */
  caseMinutesDefault?: number;
  /** Issue 15: months from the decision to a grant's review date by default (FOLLOW_UP_MONTHS, 1–24, default 6). */
  followUpMonths?: number;
  /** Issue 15: working days before an unanswered follow-up is reminded, and as many again before it is overdue (FOLLOW_UP_REMINDER_WORKING_DAYS, default 5). */
  followUpReminderWorkingDays?: number;
  /** Issue 15: working days a group-level proposal may wait to be sent before the coordinator is reminded (PROPOSAL_REMINDER_WORKING_DAYS, default 10). */
  proposalReminderWorkingDays?: number;
  /** Issue 14: hours the members who took part may comment on a confirmed record before the chair approves (RECORD_COMMENT_WINDOW_HOURS, 0–168, default 0 = off). */
  recordCommentWindowHours?: number;
}

export interface AppServices extends Repositories {
  roster: Roster;
  notifier: Notifier;
  /** Where documents' content lives (Azure Blob Storage; Azurite locally and in tests). */
  documentContent: DocumentContentStore;
  settings: Settings;
  /** The clock: only timers and the edges read it; use cases get their time from the operation. */
  now: () => Date;
}

/** The minutes a case gets when put on an agenda, from the settings. */
export const caseMinutesDefault = (settings: Pick<Settings, "caseMinutesDefault">): number => settings.caseMinutesDefault ?? DEFAULT_CASE_MINUTES;

/** The recusal policy the domain's recusal and quorum rules apply, from the settings. */
export const recusalPolicy = (settings: Pick<Settings, "recuseCatchmentHf">): RecusalPolicy => ({ catchmentHf: settings.recuseCatchmentHf });
