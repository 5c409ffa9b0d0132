/**
 * Every reason / message code the domain produces. Each is an i18n key: the
 * i18n module translates them (bokmål and English). A test scans src/domain for
 * codes and fails when one is missing here, so this list stays complete.
 */
export const REASON_CODES = [
  // privacy and free text
  "privacy.nationalIdInText", // a free-text field contains something shaped like a fødselsnummer / D-number
  "text.tooLong", // a free-text field is longer than allowed
  "text.required", // a reason (or other required text) is empty
  "text.controlCharacters", // a text contains control characters
  "text.markup", // a text contains markup (HTML-like tags)

  // a case's documents (src/domain/document.ts)
  "document.invalid", // a document has problems (listed one per field)
  "document.titleRequired", // a document needs a title
  "document.fileNameInvalid", // the file name is empty, too long (max {max}) or has path separators or control characters
  "document.nationalIdInFileName", // the file name contains something shaped like a fødselsnummer / D-number
  "document.extensionNotAllowed", // the file name does not end in .pdf, .docx, .png, .jpg or .jpeg
  "document.empty", // the file is empty
  "document.tooLarge", // the file is larger than {maxMb} MB
  "document.unknownContent", // the content is not a PDF, Word (DOCX), PNG or JPEG file
  "document.typeMismatch", // the file name does not match the content (a {found} file)

  // case codes and case input
  "caseCode.invalid", // not a case code of the form TO-YYYY-NNN
  "case.groundsRequired", // an application must claim at least one ground of clinical exceptionality
  "case.groundsDuplicate", // the same ground is claimed more than once
  "case.nyeMetoderIdFormat", // the Nye metoder id is not "ID", a four-digit year, "_" and three digits (ID2023_045)

  // roster composition (000 §6.2)
  "roster.duplicatePersonId", // two people share a roster id {id}
  "roster.duplicateHfId", // two HFs share an id {id}
  "roster.duplicateAadObjectId", // two people share a Teams/Entra identity {aadObjectId}
  "roster.hfUnknownRegion", // HF {hfId} belongs to a region {region} not in the roster
  "roster.unknownHf", // person {personId} names an HF {hfId} that is not in the roster
  "roster.hfMissing", // person {personId} with role {role} has no HF
  "roster.membersCount", // the committee has {count} members, {expected} expected
  "roster.regionMembersCount", // region {region} has {count} members, {expected} expected
  "roster.regionRegionalHospitalMembers", // region {region} has {count} members from its regional hospital, {expected} expected
  "roster.regionOtherHfMembers", // region {region} has {count} members from its other HFs, {expected} expected
  "roster.fagdirektorCount", // only {count} members are fagdirektører, at least {minimum} required
  "roster.substituteForUnknown", // substitute {personId} stands in for {substituteFor}, who is not a member
  "roster.substituteForOnNonSubstitute", // {personId} is not a substitute but names a member to stand in for
  "roster.substituteCount", // member {memberId} has {count} substitutes, {expected} expected
  "roster.roleMissing", // the roster has nobody with role {role}
  "roster.deputyNotHfContact", // issue 14: {personId} is marked as a deputy fagdirektør but is not an HF contact
  "roster.noDecisionRecipient", // issue 14: HF {hf} ({hfId}) has cases but nobody on the roster to receive its decisions

  // completeness check (000 §4.1 step 3, §5.6): what the applying HF must add
  "completeness.methodNameMissing", // the method's name is missing
  "completeness.nyeMetoderIdMissing", // the method's Nye metoder id (e.g. ID2023_045) is missing
  "completeness.beslutningsforumDateMissing", // the date of Beslutningsforum's decision is missing
  "completeness.applyingHfUnknown", // the applying HF {hfId} is not a known HF
  "completeness.catchmentHfUnknown", // the patient's catchment-area HF {hfId} is not a known HF
  "completeness.groundMissing", // no ground of clinical exceptionality is claimed
  "completeness.groundReasoningMissing", // the reasoning for ground {ground} is missing or too short (min {minLength} characters)
  "completeness.priorityCriterionMissing", // priority criterion {criterion} (nytte/alvorlighet/ressursbruk) is not described
  "completeness.costMissing", // neither the price nor the treatment cost of the method is given
  "completeness.fagdirektorApprovalMissing", // the applying HF's fagdirektør has not approved and signed
  "completeness.attachmentMissing", // no documentation is attached
  // issue 13: what the source requires of an application (000 §4.1, the application criteria)
  "completeness.patientConsentMissing", // the patient's consent is not confirmed
  "completeness.regionalHospitalReviewMissing", // neither sent by the HF that follows the patient / the regional hospital, nor reviewed with the regional hospital
  "completeness.catchmentHfClearanceMissing", // another hospital applies: not cleared with the patient's catchment-area hospital
  "completeness.priceCheckMissing", // the price is not checked by Sykehusinnkjøp
  "completeness.availabilityMissing", // a drug not marketed in Norway: availability and price not clarified

  // case lifecycle
  "lifecycle.transitionNotAllowed", // a case cannot go from {from} to {to}
  "lifecycle.roleNotAllowed", // role {role} may not move a case from {from} to {to}
  "lifecycle.notApplyingHf", // {personId} is not the fagdirektør of the applying HF {hfId}
  "lifecycle.missingItemsRequired", // returning a case needs the list of what is missing
  "lifecycle.meetingRequired", // putting a case on an agenda needs the meeting

  // consensus and concluding (000 §6.3)
  "consensus.notQuorate", // only {eligible} members can take part, at least {minimum} needed
  "consensus.outstanding", // {count} participating members have not stated a position
  "consensus.dissent", // the participating members do not agree
  "consensus.deferAgreed", // the members agree to defer: the chair must defer, not grant or reject
  "consensus.deferReasonRequired", // deferring a case needs a reason

  // decision record
  "record.notDecided", // a decision record needs a granted or rejected conclusion
  "record.mismatch", // the conclusion does not belong to this {what} (case or meeting)
  "record.groundAssessmentMissing", // the committee's assessment of claimed ground {ground} is missing
  "record.groundNotClaimed", // an assessment is given for ground {ground}, which the application did not claim
  "record.reasoningMissing", // the decision has no reasoning
  "record.notQuorate", // only {participants} members took part, at least {minimum} needed
  "record.unknownParticipant", // participant {personId} is not a member or substitute in the roster
  "record.alreadyConfirmed", // the record is already confirmed and cannot change; make a correction instead
  "record.notConfirmed", // only a confirmed record can be corrected; edit the draft instead
  "record.correctionReasonMissing", // a correction needs a reason

  // the two-hour limit (issue 13, 000 §6.3)
  "timeBudget.invalidMinutes", // a case's minutes must be a whole number from {min} to {max}
  "timeBudget.overLimit", // the agenda would sum to {sum} minutes, the limit is {limit}
  "timeBudget.notOnAgenda", // case {caseId} is not on this meeting's agenda
  // issue 15 (wip/follow): the follow-up of a grant (src/domain/follow-up.ts)
  "followUp.reviewDateInvalid", // the review date is not a date
  "followUp.reviewDateNotAfterDecision", // the review date must be after the meeting that decided
  "followUp.startedRequired", // answer whether the treatment started
  "followUp.notStartedNoMore", // a treatment not started has no further answers
  "followUp.continuingRequired", // answer whether the treatment continues
  "followUp.stopReasonRequired", // a stopped treatment needs why it stopped
  "followUp.stopReasonWhileContinuing", // a continuing treatment has no stop reason
  "followUp.effectRequired", // answer whether the effect is as expected
  // issue 15 (wip/follow): group-level proposals (src/domain/group-proposal.ts)
  "proposal.textRequired", // a group-level proposal needs its text (which subgroup, which marker)
  "proposal.statusBackwards", // a proposal's status moves forward only
  // issue 15: the period of a register report (src/domain/period.ts)
  "period.invalid", // not a year (2026) nor two dates (2026-01-01 2026-06-30)
  "period.invalidDate", // {date} is not a date of the calendar
  "period.reversed", // the first day {from} is after the last {to}
  "period.outOfRange", // the years a register can cover are {first}–{last}
  // issue 14: the findings a record rests on, and its sign-off
  "record.criterionNotAssessed", // a grant cannot be confirmed while priority criterion {criterion} is not assessed
  "record.groundNotAssessed", // a grant cannot be confirmed while claimed ground {ground} is not assessed
  "record.rejectionWithoutFinding", // a rejection must rest on at least one criterion or ground found not met
  "record.awaitingConfirmation", // record {id} is not confirmed by the coordinator yet: nothing to approve
  "record.alreadyApproved", // record {id} is already approved by the chair; correct it instead
  // issue 14: the members' comment window (src/domain/record-comments.ts)
  "record.notParticipant", // only the members who took part in the decision may comment on the record
  "record.commentWindowClosed", // the comment window is closed (or the record is no longer awaiting the chair)
  "record.alreadyCommented", // this member has already commented on this version
  "record.commentWindowOpen", // the window is open until {until} and {count} participants have not commented yet
  // issue 14: the minutes (src/domain/minutes.ts)
  "minutes.notDraft", // version {version} of the minutes is not a draft: it cannot be edited or confirmed
  "minutes.notConfirmed", // version {version} of the minutes is not confirmed by the coordinator yet
  "minutes.alreadyApproved", // version {version} of the minutes is already approved; a change is a new version
  "minutes.notApproved", // only approved minutes get a new version; edit the draft instead
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
