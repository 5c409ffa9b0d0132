/**
 * Every reason code a use case may answer with, besides the domain's own
 * (src/domain/reason-codes.ts). Each is an i18n key: the Teams and HTTP edges
 * say it in the user's language, and a code missing from the catalogs does
 * not compile (src/teams/replies.ts reasonText).
 */
import type { Reason, Result } from "../domain/result.js";
import type { ReasonCode } from "../domain/reason-codes.js";

export const APP_REASON_CODES = [
  // who may do what
  "error.notOnRoster",
  "error.notCoordinator",
  "error.notChair",
  "error.notChairOrCoordinator",
  "error.notMember",
  "error.notEligible",
  "error.recused",
  "error.substituteNotNeeded",
  "error.leftMeeting",
  "error.notExpert",
  // issue 14: «mine saker» is for an HF's decision recipients
  "hfCases.coordinator",
  "hfCases.notHf",
  // what is not there, or not in this state
  "error.caseNotFound",
  "error.meetingNotFound",
  "error.caseNotInMeeting",
  "error.caseNotTakenUp",
  "error.alreadyConcluded",
  "error.noMeetingToday",
  "error.severalMeetingsToday",
  "error.linkNeedsCommittee",
  "error.meetingLinkedElsewhere",
  "lifecycle.alreadyThere",
  "completeness.incomplete",
  "completeness.nothingMissing",
  // meetings and agendas
  "agenda.empty",
  "agenda.extraMeetingUrgentOnly",
  "agenda.invalidCount",
  "agenda.invalidDate",
  "agenda.invalidTime",
  "agenda.meetingNotOpen",
  "agenda.meetingStarted",
  "agenda.noMeeting",
  "agenda.notOnAgenda",
  "agenda.notSameCases",
  "agenda.tooManyExtraMeetings",
  // before the meeting (issue 13)
  "prep.meetingStarted",
  // intake
  "intake.caseCodeTaken",
  "intake.inProgress",
  "intake.noFreeCaseCode",
  // records and routing
  "record.noConclusion",
  "record.notFound",
  "record.notLatest",
  "routing.inProgress",
  "record.notApproved", // issue 14: routing waits for the chair's approval
  "routing.notSent",
  // a case's documents (src/app/documents.ts)
  "document.caseDecided",
  "document.notFound",
  "document.withdrawn",
  "document.contentMissing",
  "document.noFiles",
  "document.downloadFailed",
  "document.uploadNotFound",
  // input that failed validation (with problems)
  "input.invalid",
  "input.invalidFormat",
  "input.invalidType",
  "input.notAllowed",
  "input.required",
  "input.tooBig",
  "input.tooSmall",
  "input.unknownField",
  // the meeting book (Møtemappe)
  "book.notAllowed",
  "book.documentNotFound",
  // issue 15 (wip/follow): the follow-up of a grant and group-level proposals
  "followUp.notFound",
  "followUp.notRecipient",
  "followUp.alreadyAnswered",
  "followUp.onlyForGrants",
  "proposal.onlyForGrants",
  // issue 14: the minutes (src/app/meeting/minutes.ts)
  "minutes.notFound",
  "minutes.notLatest",
] as const;

export type AppCode = ReasonCode | (typeof APP_REASON_CODES)[number];
export type AppReason = Reason<AppCode>;
export type AppResult<T> = Result<T, AppCode>;
