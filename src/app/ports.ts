/**
 * Ports: what the use cases need from storage and messaging, in the
 * committee's words. The implementations live elsewhere: the repositories on
 * Cosmos DB in src/store/repositories/, the Notifier in src/teams/. Nothing in
 * src/app knows a container, a partition key, an etag or a line of SQL.
 *
 * Change functions take a mutator and apply it under optimistic concurrency
 * (read, mutate, write if unchanged since the read, else read again and
 * repeat): a mutator may run more than once and must be pure apart from
 * resetting its own result variables on each run. Returning undefined leaves
 * the stored value as it is (no write).
 */
import type { Case } from "../domain/case.js";
import type { DecisionRecord } from "../domain/decision-record.js";
import type { Precedents, RecordOnMethod } from "../domain/precedents.js";
import type { FollowUp } from "../domain/follow-up.js";
import type { GroupProposal } from "../domain/group-proposal.js";
import type { Minutes } from "../domain/minutes.js";
import type { MemberComment } from "../domain/record-comments.js";
import type { AttendanceMark, Conclusion, DeclaredConflict, ExpertInvitation, Meeting, PositionMark } from "../domain/meeting.js";
import type { AttendanceReply } from "../domain/forecast.js";
import type { AuditEntry } from "./audit.js";
import type { Delivery, RecipientDelivery } from "./delivery.js";
import type { KeptNotice } from "./notifier.js";
import type { Routing } from "./coordinator/routing-state.js";

/** The store is unreachable or throttling past retries. Nothing was written by the failing call. Retry later. */
export class StoreUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

export type Mutator<T> = (current: T | undefined) => T | undefined;

// ── cases (søknader) ────────────────────────────────────────────────────────

export interface CaseRepository {
  byCode(code: string): Promise<Case | undefined>;
  /** Every case, oldest received first (the register and the case list: tens a year). */
  all(): Promise<Case[]>;
  /** Every case code ever given (for the next free code). */
  codes(): Promise<string[]>;
  /** The case an intake operation registered, if it did (a retried submission). */
  byIntakeOperation(operationId: string): Promise<Case | undefined>;
  /** Stores a new case; false when its code is taken. */
  add(theCase: Case, intakeOperationId?: string): Promise<boolean>;
  change(code: string, mutate: (current: Case) => Case | undefined): Promise<Case | undefined>;
}

// ── meetings and what happens in them ───────────────────────────────────────

/** Where the bot posted a shared card in a meeting chat, so it can update it in place. */
export interface PostedCard {
  meetingId: string;
  kind: "agenda" | "attendance" | "case";
  caseId?: string;
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

/** A claim on posting a shared card, so that of two concurrent clicks only one posts it. */
export interface CardClaim {
  /** Unique per attempt (not per delivery: a redelivered invoke claims anew and loses). */
  by: string;
  at: string;
}

/** A claim whose poster has been silent this long may be taken over (the poster crashed before it posted). */
export const CARD_CLAIM_STALE_MS = 30_000;

/**
 * The quorum state the bot last said in the meeting chat for a case: it speaks
 * only when the case in hand stops (or starts again) being quorate, once.
 */
export interface QuorumSaid {
  meetingId: string;
  caseId: string;
  quorate: boolean;
  eligible: number;
  minimum: number;
  /** Members absent, and substitutes who could stand in (roster ids): what the chair was told. */
  absentMembers: string[];
  possibleStandIns: { substituteId: string; memberId: string }[];
  /** Quorate without the catchment-area recusal policy, but not with it. */
  blockedByCatchmentPolicy: boolean;
  /** When the facts it was judged on were stamped (an older judgement never overwrites a newer one). */
  at: string;
}

/**
 * The two-hour limit (issue 13): the chair is told once, at 105 minutes, that
 * the meeting nears its limit. Claimed before it is said (two instances, a
 * timer and an activity at once: one says it); a failed saying may be tried
 * again, a said one never.
 */
export interface TimeWarning {
  meetingId: string;
  /** The claim: who says it (an operation id) and when it was claimed. */
  by: string;
  at: string;
  state: "saying" | "said" | "failed";
  /** Minutes since the meeting's start when it was said. */
  elapsed: number;
}

/** One recipient's papers (saksunderlag) for a meeting. */
export interface PapersDelivery {
  meetingId: string;
  personId: string;
  at: string;
  delivery: Delivery;
}

/** A reminder sent (or tried) about one meeting, so a timer sends it once. */
export interface Reminder {
  meetingId: string;
  kind: "papersLate" | "forecastBelow";
  at: string;
  delivered: boolean;
  /** Not delivered, but kept for a coordinator until they next open the chat with the bot. */
  kept?: boolean;
  deliveries: RecipientDelivery[];
}

/** The case as the committee worked on it in the meeting, frozen when the chair took it up. */
export interface TakenUp {
  meetingId: string;
  caseId: string;
  case: Case;
  at: string;
  /** The earlier decisions on the same method, as they stood at take-up (issue 15; absent on take-ups stored before). */
  precedents?: Precedents;
}

// ── before the meeting: replies to the papers, substitutes asked, the forecast card (issue 13) ──

/** A substitute asked to stand in, once per need: the cases asked for so far, and how the ask went. */
export interface SubstituteInvitation {
  meetingId: string;
  substituteId: string;
  memberId: string;
  /** "meeting": their member sent apologies; "cases": their member is recused in the named cases. */
  scope: "meeting" | "cases";
  caseIds: string[];
  at: string;
  delivery: Delivery;
}

/** A card the bot keeps up to date in one person's 1:1 chat (the quorum forecast for the chair and the coordinator). */
export interface PersonalCard {
  meetingId: string;
  kind: "forecast";
  personId: string;
  activityId: string;
  at: string;
}

/** What the preparation of a meeting reads: the meeting, the replies, the declared conflicts, the substitutes asked. */
export interface PreparationFacts {
  meeting: Meeting;
  replies: AttendanceReply[];
  conflicts: DeclaredConflict[];
  invitations: SubstituteInvitation[];
}

/** Everything a meeting holds: the meeting and every fact recorded in it. */
export interface MeetingState {
  meeting: Meeting;
  attendance: AttendanceMark[];
  positions: PositionMark[];
  conflicts: DeclaredConflict[];
  conclusions: Conclusion[];
  cards: PostedCard[];
  experts: ExpertInvitation[];
}

/** What one case in a meeting needs, read in one go: who is there, and this case's facts only. */
export interface CaseFacts {
  meeting: Meeting;
  attendance: AttendanceMark[];
  takenUp?: TakenUp;
  positions: PositionMark[];
  conflicts: DeclaredConflict[];
  conclusion?: Conclusion;
  /** External experts the coordinator invited to this case. */
  experts?: ExpertInvitation[];
}

export type AddMeetingResult = "created" | "existsFromSameOperation" | "exists";

export interface MeetingRepository {
  get(meetingId: string): Promise<Meeting | undefined>;
  /** Every meeting, earliest first. */
  all(): Promise<Meeting[]>;
  /** The meetings on a date (Europe/Oslo). */
  on(date: string): Promise<Meeting[]>;
  add(meeting: Meeting, operationId?: string): Promise<AddMeetingResult>;
  change(meetingId: string, mutate: (current: Meeting) => Meeting | undefined): Promise<Meeting | undefined>;

  /** The whole meeting (agenda views, papers, the register). */
  load(meetingId: string): Promise<MeetingState | undefined>;
  /** The meeting and its attendance, nothing else (check-in, the attendance card). */
  attendance(meetingId: string): Promise<{ meeting: Meeting; attendance: AttendanceMark[]; replies?: AttendanceReply[] } | undefined>;
  /** The facts one case needs (positions, conflicts, conclusion of this case only, and the attendance). */
  caseFacts(meetingId: string, caseId: string): Promise<CaseFacts | undefined>;

  changeAttendance(meetingId: string, personId: string, mutate: Mutator<AttendanceMark>): Promise<AttendanceMark | undefined>;
  changePosition(meetingId: string, caseId: string, personId: string, mutate: Mutator<PositionMark>): Promise<PositionMark | undefined>;
  /** A declared conflict, once per person and case; false when one was already declared. */
  addConflict(meetingId: string, conflict: DeclaredConflict): Promise<boolean>;
  /** The chair's conclusion, once per case; false when the case already has one. */
  addConclusion(conclusion: Conclusion): Promise<boolean>;
  conclusion(meetingId: string, caseId: string): Promise<Conclusion | undefined>;
  putTakenUp(takenUp: TakenUp): Promise<void>;
  /** Rewrites the frozen case of a take-up, for the retention rule only (removing clinical free text); undefined leaves it. */
  redactTakenUp(meetingId: string, caseId: string, redact: (frozen: Case) => Case | undefined): Promise<void>;

  card(meetingId: string, kind: PostedCard["kind"], caseId?: string): Promise<PostedCard | undefined>;
  putCard(card: PostedCard): Promise<void>;
  /**
   * Claims the posting of a shared card: true for exactly one of several
   * concurrent callers; false while another's claim is fresh (under
   * CARD_CLAIM_STALE_MS old, by the claim's time).
   */
  claimCard(card: Pick<PostedCard, "meetingId" | "kind" | "caseId">, claim: CardClaim): Promise<boolean>;
  /** An external expert invited to a case, once per expert and case; false when already invited. */
  addExpertInvitation(meetingId: string, invitation: ExpertInvitation): Promise<boolean>;
  quorumSaid(meetingId: string, caseId: string): Promise<QuorumSaid | undefined>;
  changeQuorumSaid(meetingId: string, caseId: string, mutate: Mutator<QuorumSaid>): Promise<QuorumSaid | undefined>;
  papersDeliveries(meetingId: string): Promise<PapersDelivery[]>;
  putPapersDelivery(delivery: PapersDelivery): Promise<void>;
  reminder(meetingId: string, kind: Reminder["kind"]): Promise<Reminder | undefined>;
  putReminder(reminder: Reminder): Promise<void>;
  /** The time warning of a meeting (issue 13), if claimed. */
  timeWarning(meetingId: string): Promise<TimeWarning | undefined>;
  /**
   * Claims the saying of a meeting's time warning: true for exactly one caller, while it has not been said and
   * no one else is saying it (a claim silent for CARD_CLAIM_STALE_MS, or one that failed, may be taken over).
   */
  claimTimeWarning(meetingId: string, claim: { by: string; at: string; elapsed: number }): Promise<boolean>;
  /** Ends a claim: said (never again) or failed (a later run may try). */
  settleTimeWarning(meetingId: string, by: string, outcome: "said" | "failed"): Promise<void>;

  /** Before the meeting: the replies, conflicts and substitutes asked (issue 13). */
  preparation(meetingId: string): Promise<PreparationFacts | undefined>;
  /** One person's reply to the papers (or to an invitation to stand in); the latest wins. */
  changeReply(meetingId: string, personId: string, mutate: Mutator<AttendanceReply>): Promise<AttendanceReply | undefined>;
  changeSubstituteInvitation(meetingId: string, substituteId: string, mutate: Mutator<SubstituteInvitation>): Promise<SubstituteInvitation | undefined>;
  personalCard(meetingId: string, kind: PersonalCard["kind"], personId: string): Promise<PersonalCard | undefined>;
  putPersonalCard(card: PersonalCard): Promise<void>;

  /** Across meetings, for the register. */
  allConclusions(): Promise<Conclusion[]>;
  allAttendance(): Promise<(AttendanceMark & { meetingId: string })[]>;
}

// ── decision records (avgjørelser) and their way to the HF ─────────────────

/** What the register may read of a record: never the resource use (prices), never free text. */
export interface RecordSummary {
  caseId: string;
  version: number;
  status: DecisionRecord["status"];
  groupLevelProposal: boolean;
}

export interface RecordRepository {
  /** Every version of a case's record, oldest first. */
  versions(caseId: string): Promise<DecisionRecord[]>;
  get(caseId: string, recordId: string): Promise<DecisionRecord | undefined>;
  /** A new version; false when that version exists. */
  add(record: DecisionRecord): Promise<boolean>;
  change(caseId: string, recordId: string, mutate: (current: DecisionRecord) => DecisionRecord | undefined): Promise<DecisionRecord | undefined>;
  summaries(): Promise<RecordSummary[]>;
  /** The latest version of each of these cases' records (cases without one left out), in one query: the register's grounds and criteria. */
  latestOfCases(caseIds: readonly string[]): Promise<DecisionRecord[]>;
  /** Every confirmed version of every case's record on one method (Nye metoder id), across cases: never prices, never free text (issue 15). */
  onMethod(nyeMetoderId: string): Promise<RecordOnMethod[]>;

  /** Issue 15: a granted case's follow-up (one per case), created once when its record is confirmed. */
  followUp(caseId: string): Promise<FollowUp | undefined>;
  /** Stores a new follow-up; false (writing nothing) when the case has one. */
  addFollowUp(followUp: FollowUp): Promise<boolean>;
  changeFollowUp(caseId: string, mutate: (current: FollowUp) => FollowUp | undefined): Promise<FollowUp | undefined>;
  /** Every follow-up (tens a year), for the timer, the overview and the register. */
  followUps(): Promise<FollowUp[]>;
  /** Issue 15: a case's group-level proposal (one per case). */
  proposal(caseId: string): Promise<GroupProposal | undefined>;
  changeProposal(caseId: string, mutate: Mutator<GroupProposal>): Promise<GroupProposal | undefined>;
  proposals(): Promise<GroupProposal[]>;

  /** Issue 14, the members' comment window: one comment per member and version; false (writing nothing) when they had commented. */
  addComment(comment: MemberComment): Promise<boolean>;
  /** The members' comments on one version, oldest first. */
  comments(caseId: string, recordId: string): Promise<MemberComment[]>;

  routing(caseId: string, recordId: string): Promise<Routing | undefined>;
  changeRouting(caseId: string, recordId: string, mutate: Mutator<Routing>): Promise<Routing | undefined>;
  routings(): Promise<Routing[]>;
}

// ── the minutes (møteprotokoll) of a meeting (issue 14) ─────────────────────

export interface MinutesRepository {
  /** Every version of a meeting's minutes, oldest first. */
  versions(meetingId: string): Promise<Minutes[]>;
  get(meetingId: string, minutesId: string): Promise<Minutes | undefined>;
  /** A new version; false (writing nothing) when that version exists. */
  add(minutes: Minutes): Promise<boolean>;
  /** Changes a version not yet approved (ETag; an approved version is never written again): the stored version after, undefined when none. */
  change(meetingId: string, minutesId: string, mutate: (current: Minutes) => Minutes | undefined): Promise<Minutes | undefined>;
}

// ── the audit trail ─────────────────────────────────────────────────────────

export interface AuditLog {
  /** Appends an entry; false (writing nothing) when its id was already recorded. */
  append(entry: AuditEntry): Promise<boolean>;
  /** A scope's entries (a case, a meeting, "system"), oldest first. */
  list(scope: string): Promise<AuditEntry[]>;
}

// ── who is who in Teams ─────────────────────────────────────────────────────

/** A reference to a Teams conversation, opaque here: only src/teams knows its shape. */
export type ConversationRef = Record<string, unknown>;

export interface TeamsUser {
  aadObjectId: string;
  /** "29:…": opaque, for refresh.userIds and mentions; never derived from the Entra object id. */
  teamsUserId: string;
  rosterId?: string;
  /** The 1:1 chat with the bot. */
  personalRef?: ConversationRef;
  locale?: string;
  updatedAt: string;
}

export interface TeamsConversation {
  conversationId: string;
  ref: ConversationRef;
  /** The committee meeting linked to this chat. */
  meetingId?: string;
  teamsMeetingId?: string;
  updatedAt: string;
}

export interface Directory {
  /**
   * Records what a turn or event told of a person. A field not given keeps what is known: the bot that
   * opened a chat itself knows no "29:" id, and must not wipe the one an installationUpdate brought meanwhile.
   */
  rememberUser(user: Omit<TeamsUser, "updatedAt" | "teamsUserId"> & { teamsUserId?: string; at: string }): Promise<void>;
  user(aadObjectId: string): Promise<TeamsUser | undefined>;
  usersByRosterIds(rosterIds: readonly string[]): Promise<TeamsUser[]>;
  rememberConversation(conversation: Omit<TeamsConversation, "updatedAt"> & { at: string }): Promise<TeamsConversation>;
  conversation(conversationId: string): Promise<TeamsConversation | undefined>;
}

// ── installing the app for a person (issue 14) ─────────────────────────────

/**
 * Why the app could not be installed for a person: noConsent, the tenant's
 * admin has not granted the bot the right to install itself (Microsoft Graph
 * answers 403); unknownUser, the directory does not know the person (404);
 * throttled, still throttled (429) after the waits allowed; failed, anything else.
 */
export type InstallFailure = "noConsent" | "unknownUser" | "throttled" | "failed";

export type Installed = { ok: true; alreadyInstalled: boolean } | { ok: false; reason: InstallFailure; status?: number };

/**
 * Installs the app in a person's personal scope, so the bot can open a 1:1
 * chat with someone who never installed it (a decision recipient, a
 * coordinator, the chair, a substitute asked to stand in). Microsoft Graph in
 * production (src/graph/app-installer.ts).
 */
export interface AppInstaller {
  install(aadObjectId: string): Promise<Installed>;
}

// ── notifications kept for people Teams could not reach ────────────────────

/** One notification waiting for its recipient, until they next open the chat with the bot. */
export interface WaitingNotice {
  personId: string;
  /** What the notice is about (e.g. "recordDrafted:TO-2026-014-v1"): one person is kept one notice per key. */
  key: string;
  notice: KeptNotice;
  keptAt: string;
  /** Kept notices are delivered in this order (when they were kept, then a sequence). */
  order: number;
}

export interface NoticeShelf {
  /**
   * Keeps a notice for a person. True when it now waits for them (kept now,
   * or kept before and not yet delivered); false when that notice was already
   * delivered (or dropped): nothing is kept twice.
   */
  keep(notice: WaitingNotice): Promise<boolean>;
  /** The person's notices not yet delivered (waiting, or being delivered), in order. */
  waiting(personId: string): Promise<WaitingNotice[]>;
  /**
   * Claims one notice for delivery: true for the one caller that may deliver it
   * now (no one else is delivering it, or that one has been silent too long).
   */
  claim(personId: string, key: string, by: string, at: string): Promise<boolean>;
  /** Ends a claim: delivered, dropped (no longer true: a draft since confirmed), or failed (it waits again). */
  settle(personId: string, key: string, by: string, at: string, outcome: "delivered" | "dropped" | "failed"): Promise<void>;
  /** Issue 14: marks something told once (e.g. "admin consent missing"); true only the first time for a key. */
  firstTime(key: string, at: string): Promise<boolean>;
}

// ── the meeting book: a case's documents (000 §5.1: the application with its attachments, and the price) ──

/** The kinds of document the committee's papers may hold, checked by content (magic bytes), not only by name. */
export const DOCUMENT_CONTENT_TYPES = [
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "image/png",
  "image/jpeg",
] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/**
 * One version of one document of a case. Immutable: a replacement is a new
 * version with the same documentId; a removal is a recorded withdrawal (the
 * content is kept for the record).
 */
export interface CaseDocument {
  /** `${caseId}:${documentId}:v${version}` */
  id: string;
  caseId: string;
  /** Stable across versions (e.g. "D1", "D2", in the order the documents were first added). */
  documentId: string;
  version: number;
  title: string;
  fileName: string;
  contentType: DocumentContentType;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** A roster person id, or "api:<client id>" for POST /api/cases/{code}/documents. */
  addedBy: string;
  addedAt: string;
  withdrawn?: { by: string; at: string };
}

/** A recorded withdrawal of a document (every version): who, when. The content is kept for the record. */
export interface DocumentWithdrawal {
  caseId: string;
  documentId: string;
  by: string;
  at: string;
}

/** One file someone sent the bot, checked and kept until they pick its case (a pending upload). */
export interface PendingFile {
  /** Position in the upload (0, 1, …): the content is kept under the upload id and this index. */
  index: number;
  fileName: string;
  contentType: DocumentContentType;
  size: number;
  sha256: string;
}

/** Files a coordinator sent in the 1:1 chat, waiting for the case to be picked on a card. */
export interface PendingUpload {
  /** Deterministic from the Teams activity (a redelivered message finds it again). */
  id: string;
  /** Roster id of who sent the files. */
  personId: string;
  at: string;
  files: PendingFile[];
  /** Set when the files were stored on a case (once). */
  settled?: { caseId: string; at: string; documentIds: string[] };
}

export interface DocumentRepository {
  /**
   * The latest version of each of a case's documents, in the order they were first added; withdrawn ones included (marked).
   * `maxAgeMs`: the caller accepts a list this instance read at most that long ago (a card's list of titles); this
   * instance's own additions and withdrawals are always seen at once. Without it, the list is read now.
   */
  latestForCase(caseId: string, options?: { maxAgeMs?: number }): Promise<CaseDocument[]>;
  /** One version (the latest when version is omitted); a withdrawn document's versions are marked. */
  get(caseId: string, documentId: string, version?: number): Promise<CaseDocument | undefined>;
  /** Every version of one document, oldest first. */
  versions(caseId: string, documentId: string): Promise<CaseDocument[]>;
  /** Every document id the case has used, withdrawn ones too (for the next free one: D1, D2, …). */
  documentIds(caseId: string): Promise<string[]>;
  /** Stores a new version under its deterministic id; false (writing nothing) when that version exists. */
  addVersion(doc: CaseDocument, operationId?: string): Promise<boolean>;
  /** The version an operation stored on a case, if it did (a retried upload). */
  addedByOperation(caseId: string, operationId: string): Promise<CaseDocument | undefined>;
  /** Records a document's withdrawal once; false when it was already withdrawn. */
  withdraw(withdrawal: DocumentWithdrawal): Promise<boolean>;
  /** Keeps (or replaces) a pending upload. */
  putPending(upload: PendingUpload): Promise<void>;
  pending(personId: string, uploadId: string): Promise<PendingUpload | undefined>;
}

/** A document's content as the store hands it out: streamed, never a URL. */
export interface DocumentContentStream {
  size: number;
  contentType: DocumentContentType;
  stream: NodeJS.ReadableStream;
}

/** Where documents' content lives (Azure Blob Storage; Azurite locally): written once, read as a stream. */
export interface DocumentContentStore {
  /** Stores the content of a document version under its id; a second put of the same id and hash is a no-op. */
  put(doc: CaseDocument, content: Buffer): Promise<void>;
  /** The content, streamed; undefined when absent. */
  open(doc: CaseDocument): Promise<DocumentContentStream | undefined>;
  /** Keeps one file of a pending upload (before its case is picked). */
  putPending(uploadId: string, file: PendingFile, content: Buffer): Promise<void>;
  /** A pending file's content; undefined when absent. */
  readPending(uploadId: string, file: PendingFile): Promise<Buffer | undefined>;
}

/** The content store refused a put: another content already has that id (a concurrent upload took the number). */
export class ContentConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContentConflictError";
  }
}

// ── idempotency of deliveries ───────────────────────────────────────────────

export interface ActivityLedger {
  /**
   * Claims an activity (or any operation that must run once) before its effect
   * runs. True when this caller should run it: no earlier delivery finished it,
   * none is running it now (or that one has been silent too long), or the earlier run failed.
   */
  claim(activityId: string, at: string): Promise<boolean>;
  /** Ends a claim: done (processed) or failed (a redelivery may try again). */
  release(activityId: string, at: string, outcome: "done" | "failed"): Promise<void>;
  /** Removes marks older than `before`, a batch at a time; how many were removed. */
  prune(before: string, batch?: number): Promise<number>;
}

// ── leases: work that must run on one instance at a time ───────────────────

/**
 * A lease on a named piece of work (a timer job, a papers run): held by one
 * owner (an app instance) until it expires or is released. Expiry is judged
 * by the caller's clock (`at`), so tests drive it with theirs.
 */
export interface Lease {
  name: string;
  owner: string;
  expiresAt: string;
}

export interface Leases {
  /** Takes the lease when nobody holds it, or its holder let it expire; undefined while it is held (by anyone, this owner too). */
  claim(name: string, owner: string, ttlMs: number, at: string): Promise<Lease | undefined>;
  /** Extends a lease this owner still holds; undefined when it was lost (expired and taken by another). */
  renew(lease: Lease, ttlMs: number, at: string): Promise<Lease | undefined>;
  /** Gives a held lease up at once (no-op when it is no longer this owner's). */
  release(lease: Lease, at: string): Promise<void>;
}

export interface Repositories {
  cases: CaseRepository;
  meetings: MeetingRepository;
  records: RecordRepository;
  /** Issue 14: the minutes of each meeting (in the meeting's partition). */
  minutes: MinutesRepository;
  audit: AuditLog;
  directory: Directory;
  activities: ActivityLedger;
  /** Notifications waiting for people Teams could not reach (stored beside the directory, in the conversations container). */
  notices: NoticeShelf;
  /** Leases on work that must run once across instances (its own container). */
  leases: Leases;
  /** A case's documents (metadata; the content is in AppServices.documentContent). */
  documents: DocumentRepository;
}
