/**
 * A case's documents (the meeting book, 000 §5.1: the application with its
 * attachments): added by the coordinator (files sent to the bot in the 1:1
 * chat) or by a system (POST /api/cases/{code}/documents), checked by content,
 * stored for good. A version is immutable: a replacement is a new version, a
 * removal a recorded withdrawal (the content is kept for the record).
 *
 * The content is written before its metadata, so the metadata never points at
 * missing content; a retried operation (the same op id) finds what it stored
 * and stores nothing twice.
 *
 * Who may READ a document is decided where it is read (the tab's endpoint
 * wraps documentContent() with the visibility rules and the "document.opened"
 * audit entry); nothing here checks it.
 */
import { createHash } from "node:crypto";
import type { Case } from "../domain/case.js";
import {
  acceptsDocuments,
  checkDocument,
  contentProblems,
  DOCUMENT_KINDS,
  fileNameProblems,
  kindByName,
  titleProblems,
  type CheckedDocument,
} from "../domain/document.js";
import type { ReasonCode } from "../domain/reason-codes.js";
import { fail, ok, type Problem } from "../domain/result.js";
import { audit } from "./audit.js";
import { isCoordinator, type Actor, type Doer, type Op } from "./context.js";
import { ContentConflictError, type CaseDocument, type DocumentContentStream, type PendingFile, type PendingUpload } from "./ports.js";
import type { AppCode, AppResult } from "./reason-codes.js";
import type { AppServices } from "./services.js";

/** Who adds a document: a roster person (the coordinator), or a system client over the API. */
export type DocumentAdder = Actor | { api: string };

const isApi = (by: DocumentAdder): by is { api: string } => "api" in by;
const addedByOf = (by: DocumentAdder) => (isApi(by) ? `api:${by.api}` : by.person.id);
const doerOf = (by: DocumentAdder): Doer => (isApi(by) ? "portal" : by);
export const sha256Hex = (content: Uint8Array) => createHash("sha256").update(content).digest("hex");

/** Attempts at a free document number when concurrent uploads take the same one. */
const MAX_ATTEMPTS = 20;

/** "D<n>" after the highest number the case has used. */
export function nextDocumentId(used: readonly string[]): string {
  const highest = used.reduce((max, id) => Math.max(max, Number(/^D(\d+)$/.exec(id)?.[1] ?? 0)), 0);
  return `D${highest + 1}`;
}

/** The case, when documents may be added to it: it exists and is not decided yet (the API checks before it reads a body). */
export async function openCaseFor(svc: AppServices, caseCode: string): Promise<AppResult<Case>> {
  const theCase = await svc.cases.byCode(caseCode.trim());
  if (!theCase) return fail("error.caseNotFound", { caseId: caseCode.trim() });
  if (!acceptsDocuments(theCase.status)) return fail("document.caseDecided", { caseId: theCase.code });
  return ok(theCase);
}

const invalid = (problems: Problem<ReasonCode>[]): AppResult<never> => ({ ...fail<AppCode>("document.invalid"), problems });

/**
 * Stores one version: content first, then metadata, on the next free number
 * (a new document) or the next version of `documentId`. Idempotent per op id.
 */
async function storeVersion(
  svc: AppServices,
  theCase: Case,
  checked: CheckedDocument,
  content: Buffer,
  by: DocumentAdder,
  op: Op,
  documentId?: string,
): Promise<AppResult<CaseDocument>> {
  const earlier = await svc.documents.addedByOperation(theCase.code, op.id);
  if (earlier) return ok(earlier);
  const sha256 = sha256Hex(content);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let id = documentId;
    let version = 1;
    if (id === undefined) id = nextDocumentId(await svc.documents.documentIds(theCase.code));
    else {
      const latest = (await svc.documents.versions(theCase.code, id)).at(-1);
      if (!latest) return fail("document.notFound", { documentId: id });
      if (latest.withdrawn) return fail("document.withdrawn", { documentId: id });
      version = latest.version + 1;
    }
    const doc: CaseDocument = {
      id: `${theCase.code}:${id}:v${version}`,
      caseId: theCase.code,
      documentId: id,
      version,
      title: checked.title,
      fileName: checked.fileName,
      contentType: checked.contentType,
      size: content.length,
      sha256,
      addedBy: addedByOf(by),
      addedAt: op.at,
    };
    try {
      await svc.documentContent.put(doc, content);
    } catch (err) {
      if (err instanceof ContentConflictError) continue; // another upload holds that number: take the next
      throw err;
    }
    if (await svc.documents.addVersion(doc, op.id)) {
      await audit(svc.audit, {
        op,
        doer: doerOf(by),
        action: version === 1 ? "document.added" : "document.replaced",
        caseId: theCase.code,
        ...(version > 1 ? { before: `${id} v${version - 1}` } : {}),
        after: `${id} v${version} ${checked.kind}`,
      });
      return ok(doc);
    }
    // Someone stored that version first (with the same content, or the put above would have refused): ours may be it.
    const mine = await svc.documents.addedByOperation(theCase.code, op.id);
    if (mine) return ok(mine);
  }
  throw new Error(`no free document number for ${theCase.code} after ${MAX_ATTEMPTS} attempts`);
}

export interface AddDocumentInput {
  caseCode: string;
  title: string;
  fileName: string;
  content: Buffer;
  addedBy: DocumentAdder;
}

/**
 * Adds a document to a case: only the coordinator (or an authenticated system);
 * not to an unknown or decided case; every problem with the title, the file name
 * and the content at once (a type recognised by content, matching the name; the
 * size cap; no national id in the title or the file name). Nothing is stored on a refusal.
 */
export async function addDocument(svc: AppServices, input: AddDocumentInput, op: Op): Promise<AppResult<CaseDocument>> {
  if (!isApi(input.addedBy) && !isCoordinator(input.addedBy)) return fail("error.notCoordinator");
  const theCase = await openCaseFor(svc, input.caseCode);
  if (!theCase.ok) return theCase;
  const checked = checkDocument({ title: input.title, fileName: input.fileName, content: input.content, maxBytes: svc.settings.documentMaxBytes });
  if (!checked.ok) return invalid(checked.problems ?? []);
  return storeVersion(svc, theCase.value, checked.value, input.content, input.addedBy, op);
}

/** A new version of a document (same documentId); the title stays unless a new one is given. Not for a withdrawn document. */
export async function replaceDocument(
  svc: AppServices,
  input: { caseCode: string; documentId: string; title?: string; fileName: string; content: Buffer; addedBy: DocumentAdder },
  op: Op,
): Promise<AppResult<CaseDocument>> {
  if (!isApi(input.addedBy) && !isCoordinator(input.addedBy)) return fail("error.notCoordinator");
  const theCase = await openCaseFor(svc, input.caseCode);
  if (!theCase.ok) return theCase;
  const latest = await svc.documents.get(theCase.value.code, input.documentId);
  if (!latest) return fail("document.notFound", { documentId: input.documentId });
  if (latest.withdrawn) return fail("document.withdrawn", { documentId: input.documentId });
  const checked = checkDocument({
    title: input.title ?? latest.title,
    fileName: input.fileName,
    content: input.content,
    maxBytes: svc.settings.documentMaxBytes,
  });
  if (!checked.ok) return invalid(checked.problems ?? []);
  return storeVersion(svc, theCase.value, checked.value, input.content, input.addedBy, op, input.documentId);
}

/** Withdraws a document (all its versions), recorded: who and when; the content stays for the record. Coordinator only. */
export async function withdrawDocument(
  svc: AppServices,
  input: { caseCode: string; documentId: string; actor: Actor },
  op: Op,
): Promise<AppResult<CaseDocument>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const caseId = input.caseCode.trim();
  const latest = await svc.documents.get(caseId, input.documentId);
  if (!latest) return (await svc.cases.byCode(caseId)) ? fail("document.notFound", { documentId: input.documentId }) : fail("error.caseNotFound", { caseId });
  if (latest.withdrawn) return ok(latest);
  if (await svc.documents.withdraw({ caseId, documentId: input.documentId, by: input.actor.person.id, at: op.at }))
    await audit(svc.audit, {
      op,
      doer: input.actor,
      action: "document.withdrawn",
      caseId,
      before: `${input.documentId} v${latest.version}`,
      after: "withdrawn",
    });
  return ok((await svc.documents.get(caseId, input.documentId)) ?? latest);
}

/** The latest version of each of a case's documents, in the order first added (withdrawn ones marked). */
export function caseDocuments(svc: AppServices, caseId: string): Promise<CaseDocument[]> {
  return svc.documents.latestForCase(caseId);
}

/**
 * One version's metadata and content (streamed), WITHOUT any authorization:
 * the caller decides who may read it (src/app/visibility.ts) and audits the opening.
 */
export async function documentContent(
  svc: AppServices,
  caseId: string,
  documentId: string,
  version?: number,
): Promise<AppResult<{ doc: CaseDocument; content: DocumentContentStream }>> {
  const doc = await svc.documents.get(caseId, documentId, version);
  if (!doc) return fail("document.notFound", { documentId });
  const content = await svc.documentContent.open(doc);
  if (!content) return fail("document.contentMissing", { documentId });
  return ok({ doc, content });
}

// ── files sent in the 1:1 chat: kept until the case is picked ─────────────

/** One file as it arrived (downloaded by the Teams edge), or why it could not be fetched. */
export type ArrivedFile = { fileName: string; content: Buffer } | { fileName: string; problem: "document.downloadFailed" | "document.tooLarge" };

export interface KeptUpload {
  upload: PendingUpload;
  /** Files refused, with their problems (index in the message's files). */
  refused: { index: number; fileName: string; problems: Problem<AppCode>[] }[];
}

/**
 * Keeps the files the coordinator sent (checked: name, type by content, size)
 * until they pick the case: their content in the blob store, the list in
 * Cosmos, so nothing is lost if the app restarts before the pick.
 */
export async function keepUpload(svc: AppServices, input: { actor: Actor; uploadId: string; files: ArrivedFile[] }, op: Op): Promise<AppResult<KeptUpload>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  if (input.files.length === 0) return fail("document.noFiles");
  const existing = await svc.documents.pending(input.actor.person.id, input.uploadId);
  const refused: KeptUpload["refused"] = [];
  const kept: PendingFile[] = [];
  const maxMb = Math.floor(svc.settings.documentMaxBytes / (1024 * 1024));
  for (const [index, file] of input.files.entries()) {
    const nameProblems = fileNameProblems(file.fileName);
    if ("problem" in file) {
      refused.push({ index, fileName: file.fileName, problems: [...nameProblems, { path: "content", code: file.problem, params: { maxMb } }] });
      continue;
    }
    const problems = [...nameProblems, ...contentProblems(file.fileName.trim(), file.content, svc.settings.documentMaxBytes)];
    if (problems.length > 0) {
      refused.push({ index, fileName: file.fileName, problems });
      continue;
    }
    const kind = kindByName(file.fileName)!;
    const pending: PendingFile = {
      index,
      fileName: file.fileName.trim(),
      contentType: DOCUMENT_KINDS[kind].contentType,
      size: file.content.length,
      sha256: sha256Hex(file.content),
    };
    await svc.documentContent.putPending(input.uploadId, pending, file.content);
    kept.push(pending);
  }
  const upload: PendingUpload = existing ?? { id: input.uploadId, personId: input.actor.person.id, at: op.at, files: kept };
  if (!existing && kept.length > 0) await svc.documents.putPending(upload);
  return ok({ upload, refused });
}

/** A pending upload, for its card (the coordinator who sent it only). */
export async function pendingUpload(svc: AppServices, input: { actor: Actor; uploadId: string }): Promise<AppResult<PendingUpload>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const upload = await svc.documents.pending(input.actor.person.id, input.uploadId);
  return upload ? ok(upload) : fail("document.uploadNotFound");
}

/** Cases documents may be added to (not decided), for the pick on the card: codes, newest first. */
export async function casesOpenForDocuments(svc: AppServices): Promise<string[]> {
  return (await svc.cases.all())
    .filter((c) => acceptsDocuments(c.status))
    .map((c) => c.code)
    .reverse();
}

/**
 * Stores a pending upload's files on the picked case, each with its title
 * (every problem at once; nothing stored unless all are fine). Once: a second
 * submit answers with what the first stored.
 */
export async function storeUpload(
  svc: AppServices,
  input: { actor: Actor; uploadId: string; caseCode: string; titles: string[] },
  op: Op,
): Promise<AppResult<CaseDocument[]>> {
  if (!isCoordinator(input.actor)) return fail("error.notCoordinator");
  const upload = await svc.documents.pending(input.actor.person.id, input.uploadId);
  if (!upload) return fail("document.uploadNotFound");
  if (upload.settled) {
    const stored = await Promise.all(upload.settled.documentIds.map((id) => svc.documents.get(upload.settled!.caseId, id)));
    return ok(stored.filter((d): d is CaseDocument => d !== undefined));
  }
  const theCase = await openCaseFor(svc, input.caseCode);
  if (!theCase.ok) return theCase;
  const problems: Problem<ReasonCode>[] = upload.files.flatMap((f, i) =>
    titleProblems(input.titles[i] ?? "").map((p) => ({ ...p, path: `title.${f.index}`, params: { ...(p.params ?? {}), fileName: f.fileName } })),
  );
  if (problems.length > 0) return invalid(problems);
  const stored: CaseDocument[] = [];
  for (const [i, file] of upload.files.entries()) {
    const content = await svc.documentContent.readPending(upload.id, file);
    if (!content || sha256Hex(content) !== file.sha256) return fail("document.uploadNotFound");
    const checked = checkDocument({ title: input.titles[i] ?? "", fileName: file.fileName, content, maxBytes: svc.settings.documentMaxBytes });
    if (!checked.ok) return invalid(checked.problems ?? []);
    const one = await storeVersion(svc, theCase.value, checked.value, content, input.actor, { id: `${op.id}:f${file.index}`, at: op.at });
    if (!one.ok) return one;
    stored.push(one.value);
  }
  await svc.documents.putPending({ ...upload, settled: { caseId: theCase.value.code, at: op.at, documentIds: stored.map((d) => d.documentId) } });
  return ok(stored);
}
