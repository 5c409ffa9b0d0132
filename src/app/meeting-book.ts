/**
 * The meeting book (Møtemappe): who reads what of a case and its documents,
 * before, during and after a meeting, decided here as pure functions, and the
 * use cases the tab calls.
 *
 * Reading rights (issue 12): members and substitutes read the cases they are
 * not recused from — a recused person sees the case's title and why they are
 * recused, never its documents; the chair, the coordinator and the observers
 * (DMP, the Nye metoder secretariat) read every case; an external expert reads
 * only the case they were invited to; an HF's fagdirektør (hfContact) and
 * anyone not on the roster read nothing here. Confidential prices stay within
 * the committee: not a recused person, not an expert (src/app/visibility.ts
 * says the same for the cards).
 *
 * The book is read before the meeting, so recusal is by HF (the domain's
 * recusal rule with the configured catchment policy) and declared conflicts,
 * never by attendance. Every document opened is an audit entry.
 */
import { agendaMinutes, MEETING_MINUTES_LIMIT, minutesOf } from "../domain/time-budget.js";
import type { Case } from "../domain/case.js";
import type { DeclaredConflict, ExpertInvitation, Meeting, Position } from "../domain/meeting.js";
import { recusalsForCase, type RecusalReason } from "../domain/recusal.js";
import { fail, ok } from "../domain/result.js";
import type { Person } from "../domain/roster.js";
import { audit } from "./audit.js";
import { caseDocuments } from "./documents.js";
import type { Actor, Op } from "./context.js";
import { loadCaseInMeeting } from "./meeting/case-in-meeting.js";
import { hfRef, isVoter } from "./people.js";
import type { CaseDocument, DocumentContentStream } from "./ports.js";
import type { AppResult } from "./reason-codes.js";
import { caseMinutesDefault, recusalPolicy, type AppServices } from "./services.js";
import type { Precedents } from "../domain/precedents.js";
import { precedentsOfCase } from "./precedents.js";

/** How much of a case a person reads in the book. */
export type BookAccess = "full" | "titleAndReason" | "none";

export interface BookRight {
  access: BookAccess;
  /** May read a confidential price. */
  prices: boolean;
  /** May see the committee's deliberation in the meeting view (positions, who is recused). */
  deliberation: boolean;
  /** For "titleAndReason": why the person is recused, and a declared conflict's own words. */
  recusal?: { reason: RecusalReason; text?: string };
}

/** The facts a right is decided from: the case's declared conflicts and expert invitations (from its meeting, if any). */
export interface BookFacts {
  conflicts: readonly DeclaredConflict[];
  experts: readonly ExpertInvitation[];
}

const NOTHING: BookRight = { access: "none", prices: false, deliberation: false };
const COMMITTEE: BookRight = { access: "full", prices: true, deliberation: true };

/** What a person may read of one case (pure). */
export function bookRight(person: Person | undefined, theCase: Case, facts: BookFacts, ctx: Pick<AppServices, "roster" | "settings">): BookRight {
  if (!person) return NOTHING;
  switch (person.role) {
    case "chair":
    case "coordinator":
    case "observer":
      return COMMITTEE;
    case "expert":
      // An expert joins one case's presentation (000 §6.2): its papers, not the committee's prices or deliberation.
      return facts.experts.some((x) => x.caseId === theCase.id && x.personId === person.id) ? { access: "full", prices: false, deliberation: false } : NOTHING;
    case "member":
    case "substitute": {
      const recusals = recusalsForCase({ roster: ctx.roster, case: theCase, conflicts: facts.conflicts, policy: recusalPolicy(ctx.settings) });
      const mine = recusals.find((r) => r.personId === person.id);
      if (!mine) return COMMITTEE;
      return {
        access: "titleAndReason",
        prices: false,
        deliberation: false,
        recusal: mine.text !== undefined ? { reason: mine.reason, text: mine.text } : { reason: mine.reason },
      };
    }
    default:
      return NOTHING;
  }
}

/** May the person open the case's documents? Only with full access. */
export const readsDocuments = (right: BookRight): boolean => right.access === "full";

// ── loading ──────────────────────────────────────────────────────────────────

/** A case's conflicts and expert invitations, from the meeting it is on (none when it is on no meeting). */
export async function bookFacts(svc: AppServices, theCase: Case): Promise<BookFacts> {
  if (!theCase.meetingId) return { conflicts: [], experts: [] };
  const facts = await svc.meetings.caseFacts(theCase.meetingId, theCase.id);
  return { conflicts: facts?.conflicts ?? [], experts: facts?.experts ?? [] };
}

export async function rightFor(svc: AppServices, actor: Actor | undefined, theCase: Case): Promise<BookRight> {
  if (!actor) return NOTHING;
  return bookRight(actor.person, theCase, await bookFacts(svc, theCase), svc);
}

/** The services the meeting book uses (AppServices carries the documents and their content). */
export type BookServices = AppServices;

// ── the book's views (domain words; the tab renders them) ────────────────────

export interface BookDocument {
  documentId: string;
  version: number;
  title: string;
  fileName: string;
  contentType: CaseDocument["contentType"];
  size: number;
  addedAt: string;
}

export interface BookCase {
  caseId: string;
  code: string;
  methodName: string;
  nyeMetoderId: string;
  status: Case["status"];
  urgent: boolean;
  access: Exclude<BookAccess, "none">;
  recusal?: { reason: RecusalReason; text?: string };
  /** Only with full access. */
  full?: {
    applyingHf: string;
    catchmentHf?: string;
    beslutningsforumDate: string;
    grounds: Case["grounds"];
    priority: Case["priority"];
    cost: { price?: number; treatmentCost?: number; confidential: boolean; hidden: boolean };
    documents: BookDocument[];
    /** The committee's earlier decisions on the same method (issue 15): for those who see the deliberation. */
    precedents?: Precedents;
  };
}

export interface BookMeeting {
  meetingId: string;
  date: string;
  startsAt: string;
  kind: Meeting["kind"];
  started: boolean;
  ended: boolean;
  /** The agenda cases the person may see at all (title or more), with their minutes (the two-hour limit, issue 13). */
  cases: { caseId: string; code: string; methodName: string; urgent: boolean; access: Exclude<BookAccess, "none">; minutes?: number }[];
  /** The agenda's minutes against the limit (issue 13). */
  time?: { total: number; limit: number };
}

export interface MyBook {
  person: { id: string; name: string; role: Person["role"] };
  meetings: BookMeeting[];
}

const toBookDocument = (d: CaseDocument): BookDocument => ({
  documentId: d.documentId,
  version: d.version,
  title: d.title,
  fileName: d.fileName,
  contentType: d.contentType,
  size: d.size,
  addedAt: d.addedAt,
});

/** The documents a person may open: the latest version of each, withdrawn ones left out; none without full access. */
export async function readableDocuments(svc: BookServices, right: BookRight, caseId: string): Promise<BookDocument[]> {
  if (!readsDocuments(right)) return [];
  return (await caseDocuments(svc, caseId)).filter((d) => !d.withdrawn).map(toBookDocument);
}

/**
 * How old a case's document list may be on a case brief refreshed in the meeting (another instance's addition shows
 * within this; this instance's own writes at once). The papers and the meeting book read the list fresh.
 */
export const CARD_DOCUMENTS_MAX_AGE_MS = 10_000;

/**
 * The titles of a case's current documents (withdrawn ones left out), for the
 * cards to list to those whose view carries the case's particulars — the same
 * people who may open them here (src/app/visibility.ts caseBriefAccess).
 */
export async function documentTitles(svc: AppServices, caseId: string, options?: { maxAgeMs?: number }): Promise<string[]> {
  return (await svc.documents.latestForCase(caseId, options)).filter((d) => !d.withdrawn).map((d) => d.title);
}

/** The case as the person may read it; refused (error.caseNotFound, so nothing says the code exists) when they may not. */
export async function bookCase(svc: BookServices, input: { actor: Actor | undefined; caseId: string }): Promise<AppResult<BookCase>> {
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase) return fail("error.caseNotFound", { caseId: input.caseId });
  const right = await rightFor(svc, input.actor, theCase);
  if (right.access === "none") return fail("book.notAllowed", { caseId: theCase.code });
  const base = {
    caseId: theCase.id,
    code: theCase.code,
    methodName: theCase.method.name,
    nyeMetoderId: theCase.method.nyeMetoderId,
    status: theCase.status,
    urgent: theCase.urgent,
  };
  if (right.access === "titleAndReason") return ok({ ...base, access: "titleAndReason", ...(right.recusal ? { recusal: right.recusal } : {}) });
  const hidden = theCase.cost.confidential && !right.prices;
  const catchment = theCase.catchmentHfId && theCase.catchmentHfId !== theCase.applyingHfId ? hfRef(svc.roster, theCase.catchmentHfId).name : undefined;
  return ok({
    ...base,
    access: "full",
    full: {
      applyingHf: hfRef(svc.roster, theCase.applyingHfId).name,
      ...(catchment ? { catchmentHf: catchment } : {}),
      beslutningsforumDate: theCase.method.beslutningsforumDate,
      grounds: theCase.grounds,
      priority: theCase.priority,
      cost: {
        ...(hidden || theCase.cost.price === undefined ? {} : { price: theCase.cost.price }),
        ...(hidden || theCase.cost.treatmentCost === undefined ? {} : { treatmentCost: theCase.cost.treatmentCost }),
        confidential: theCase.cost.confidential,
        hidden,
      },
      documents: await readableDocuments(svc, right, theCase.id),
      ...(right.deliberation ? { precedents: await precedentsOfCase(svc, theCase, svc.now().toISOString()) } : {}),
    },
  });
}

/** Who may have a book at all: the committee and the experts; an HF contact or someone not on the roster has none. */
const hasBook = (p: Person): boolean => isVoter(p) || ["chair", "coordinator", "observer", "expert"].includes(p.role);

/**
 * My meetings and cases: meetings that have not ended or ended on or after
 * `since` (ISO date), each with the agenda cases the person may see.
 */
export async function myBook(svc: AppServices, input: { actor: Actor | undefined; today: string }): Promise<AppResult<MyBook>> {
  const actor = input.actor;
  if (!actor || !hasBook(actor.person)) return fail("book.notAllowed", { caseId: "" });
  const meetings = (await svc.meetings.all()).filter((m) => m.agenda.length > 0 && (m.date >= input.today || !m.endedAt));
  const defaultMinutes = caseMinutesDefault(svc.settings);
  const out: BookMeeting[] = [];
  for (const m of meetings) {
    const cases: BookMeeting["cases"] = [];
    for (const id of m.agenda) {
      const c = await svc.cases.byCode(id);
      if (!c) continue;
      const right = await rightFor(svc, actor, c);
      if (right.access === "none") continue;
      cases.push({
        caseId: c.id,
        code: c.code,
        methodName: c.method.name,
        urgent: c.urgent,
        access: right.access,
        minutes: minutesOf(m, c.id, defaultMinutes),
      });
    }
    if (cases.length === 0) continue;
    const time = { total: agendaMinutes(m, defaultMinutes).total, limit: MEETING_MINUTES_LIMIT };
    out.push({ meetingId: m.id, date: m.date, startsAt: m.startsAt, kind: m.kind, started: Boolean(m.startedAt), ended: Boolean(m.endedAt), cases, time });
  }
  return ok({ person: { id: actor.person.id, name: actor.person.name, role: actor.person.role }, meetings: out });
}

export interface BookMeetingLive {
  meeting: BookMeeting;
  /** The case the chair has taken up, as the person may see it, with the live standing (read-only). */
  inHand?: {
    caseId: string;
    code: string;
    access: Exclude<BookAccess, "none">;
    quorum: { quorate: boolean; eligible: number; minimum: number };
    /** Only for those who may see the deliberation. */
    positions?: { personId: string; name: string; position: Position }[];
    consensus?: string;
  };
}

/** The meeting as the side panel shows it: the agenda, the case in hand, the live quorum and positions (read-only). */
export async function bookMeeting(
  svc: AppServices,
  input: { actor: Actor | undefined; meetingId: string; today: string },
): Promise<AppResult<BookMeetingLive>> {
  const book = await myBook(svc, { actor: input.actor, today: "0000-00-00" });
  if (!book.ok) return book;
  const meeting = book.value.meetings.find((m) => m.meetingId === input.meetingId);
  if (!meeting) return fail("error.meetingNotFound", { meetingId: input.meetingId });
  const stored = await svc.meetings.get(input.meetingId);
  const inHandId = stored?.currentCaseId;
  const seen = inHandId ? meeting.cases.find((c) => c.caseId === inHandId) : undefined;
  if (!inHandId || !seen) return ok({ meeting });
  const loaded = await loadCaseInMeeting(svc, input.meetingId, inHandId);
  if (!loaded.ok) return ok({ meeting });
  const { standing } = loaded.value;
  const right = await rightFor(svc, input.actor, loaded.value.case);
  const positions = right.deliberation
    ? [...standing.positions.entries()].map(([personId, position]) => ({
        personId,
        name: svc.roster.people.find((p) => p.id === personId)?.name ?? personId,
        position,
      }))
    : undefined;
  return ok({
    meeting,
    inHand: {
      caseId: seen.caseId,
      code: seen.code,
      access: seen.access,
      quorum: { quorate: standing.quorum.quorate, eligible: standing.quorum.eligible.length, minimum: standing.quorum.minimum },
      ...(positions ? { positions, consensus: standing.consensus.state } : {}),
    },
  });
}

// ── opening a document ───────────────────────────────────────────────────────

export interface OpenedDocument {
  doc: CaseDocument;
  content: DocumentContentStream;
}

/**
 * Opens one version of a case's document for a person: checks their right to
 * the case's documents, writes "document.opened" (person, document id and
 * version, when) to the audit trail, then hands back the content stream. A
 * refusal reads the same whether or not the case or the document exists.
 */
export async function openDocument(
  svc: BookServices,
  input: { actor: Actor | undefined; caseId: string; documentId: string; version?: number },
  op: Op,
): Promise<AppResult<OpenedDocument>> {
  const actor = input.actor;
  const theCase = await svc.cases.byCode(input.caseId);
  if (!theCase || !actor) return fail("book.notAllowed", { caseId: input.caseId });
  // The right's facts and the document's record are read together; nothing of the document leaves before the check.
  const [facts, doc] = await Promise.all([bookFacts(svc, theCase), svc.documents.get(theCase.id, input.documentId, input.version)]);
  if (!readsDocuments(bookRight(actor.person, theCase, facts, svc))) return fail("book.notAllowed", { caseId: theCase.code });
  // A withdrawn document is not opened as "the latest"; a named version of it stays readable (the record).
  if (!doc || (doc.withdrawn && input.version === undefined)) return fail("book.documentNotFound", { caseId: theCase.code });
  // The audit entry is written while the content store starts the download; both finish before the first byte is sent.
  // (Should the content prove missing, the entry stands as the attempt it was.)
  const [content] = await Promise.all([
    svc.documentContent.open(doc),
    audit(svc.audit, { op, doer: actor, action: "document.opened", caseId: theCase.id, after: `${doc.documentId} v${doc.version}` }),
  ]);
  if (!content) return fail("document.contentMissing", { documentId: doc.documentId });
  return ok({ doc, content });
}
