/**
 * Files the coordinator sends the bot in the 1:1 chat become a case's
 * documents (Teams file attachments, bots-filesv4: each file arrives as an
 * attachment "application/vnd.microsoft.teams.file.download.info" with a
 * short-lived download URL). The bot downloads each file (https only in
 * Azure; capped at the size limit while streaming), keeps the good ones as a
 * pending upload (src/app/documents.ts keepUpload) and answers with a card to
 * pick the case and title each file; «Lagre» stores them (storeUpload).
 */
import { createHash } from "node:crypto";
import { keepUpload, pendingUpload, storeUpload, casesOpenForDocuments, type ArrivedFile } from "../../app/documents.js";
import type { Problem } from "../../domain/result.js";
import type { CaseDocument, PendingUpload } from "../../app/ports.js";
import { MAX_FILES_PER_UPLOAD, renderDocumentUpload, titleFromFileName } from "../../cards/documents.js";
import { formatDate } from "../../i18n/format.js";
import { hasMessage, t, type Locale } from "../../i18n/index.js";
import { isLoopback } from "../../config.js";
import type { ActionOf, VerbEnv } from "../card-verbs.js";
import type { TurnEnv } from "../context.js";
import { reasonText } from "../replies.js";
import type { IncomingFile } from "../turn-io.js";

const DOWNLOAD_TIMEOUT_MS = 10_000;

/** A pending upload's id from the message that carried the files: a redelivered message finds the same upload. */
export const uploadIdFor = (operationId: string) => `u-${createHash("sha256").update(operationId).digest("hex").slice(0, 32)}`;

/** Whether the bot may fetch this URL: https; http only to a loopback address, and only when allowed (local mode). */
export function downloadAllowed(url: string, loopbackHttp: boolean): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === "https:") return true;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return loopbackHttp && u.protocol === "http:" && isLoopback(host);
}

/** Downloads a file, streamed, stopping as soon as it is larger than `maxBytes`. */
export async function downloadFile(file: IncomingFile, maxBytes: number, loopbackHttp: boolean): Promise<ArrivedFile> {
  if (!downloadAllowed(file.downloadUrl, loopbackHttp)) return { fileName: file.name, problem: "document.downloadFailed" };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DOWNLOAD_TIMEOUT_MS);
  try {
    const res = await fetch(file.downloadUrl, { signal: controller.signal, redirect: "error" });
    if (!res.ok || !res.body) return { fileName: file.name, problem: "document.downloadFailed" };
    const declared = Number(res.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      return { fileName: file.name, problem: "document.tooLarge" };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) {
        controller.abort();
        return { fileName: file.name, problem: "document.tooLarge" };
      }
      chunks.push(Buffer.from(chunk));
    }
    return { fileName: file.name, content: Buffer.concat(chunks) };
  } catch {
    return { fileName: file.name, problem: "document.downloadFailed" };
  } finally {
    clearTimeout(timer);
  }
}

/** A file's name as the card may show it: not when the name itself is the problem (it may carry a national id). */
function shownName(locale: Locale, index: number, fileName: string, problems: readonly Problem[]): string {
  const nameIsTheProblem = problems.some((p) => p.code === "document.nationalIdInFileName" || p.code === "document.fileNameInvalid");
  return nameIsTheProblem ? t(locale, "documents.fileNumber", { n: index + 1 }) : fileName;
}

const problemText = (locale: Locale, p: Problem): string => (hasMessage(p.code) ? t(locale, p.code, p.params) : t(locale, "input.invalid"));

/** A message with files, in the 1:1 chat: only the coordinator may add documents. */
export async function handleIncomingFiles(e: TurnEnv): Promise<void> {
  const { io, app } = e;
  const { locale, actor, op } = io.turn;
  if (!io.turn.isPersonal) return void (await io.say(t(locale, "documents.onlyPersonalChat")));
  if (!actor) return void (await io.say(t(locale, "error.notOnRoster")));
  if (actor.person.role !== "coordinator") return void (await io.say(t(locale, "documents.onlyCoordinator")));
  const files = io.files.slice(0, MAX_FILES_PER_UPLOAD);
  const arrived = await Promise.all(files.map((f) => downloadFile(f, app.svc.settings.documentMaxBytes, app.loopbackFileDownloads === true)));
  const uploadId = uploadIdFor(op.id);
  const kept = await keepUpload(app.svc, { actor, uploadId, files: arrived }, op);
  if (!kept.ok) return void (await io.say(reasonText(locale, kept.reason)));
  const refused = kept.value.refused.map(
    (r) => `${shownName(locale, r.index, r.fileName, r.problems)}: ${r.problems.map((p) => problemText(locale, p)).join(" ")}`,
  );
  if (io.files.length > MAX_FILES_PER_UPLOAD) refused.push(t(locale, "documents.tooManyFiles", { max: MAX_FILES_PER_UPLOAD, count: io.files.length }));
  app.log.info({ uploadId, kept: kept.value.upload.files.length, refused: kept.value.refused.length }, "files received for documents");
  await io.sendCard(
    renderDocumentUpload({
      locale,
      uploadId,
      files:
        kept.value.refused.length === files.length
          ? []
          : kept.value.upload.files.map((f) => ({ index: f.index, fileName: f.fileName, title: titleFromFileName(f.fileName) })),
      cases: await casesOpenForDocuments(app.svc),
      refused,
    }),
  );
}

const storedLine = (locale: Locale, d: CaseDocument) =>
  t(locale, "documents.storedLine", { title: d.title, caseId: d.caseId, version: d.version, date: formatDate(locale, d.addedAt) });

/** «Lagre» on the upload card. */
export async function storeDocuments(e: VerbEnv, a: ActionOf<"storeDocuments">): Promise<void> {
  const { io, app } = e;
  const { locale, op } = io.turn;
  const upload = await pendingUpload(app.svc, { actor: e.actor, uploadId: a.uploadId });
  if (!upload.ok) return io.answerMessage(reasonText(locale, upload.reason));
  const titles = upload.value.files.map((f) => (a[`title_${f.index}` as keyof typeof a] as string | undefined) ?? "");
  const caseCode = a.caseId ?? "";
  if (!caseCode) return io.answerCard(await uploadCard(e, upload.value, titles, caseCode, [t(locale, "documents.caseRequired")]));
  const r = await storeUpload(app.svc, { actor: e.actor, uploadId: a.uploadId, caseCode, titles }, op);
  if (!r.ok) {
    const errors =
      r.problems && r.problems.length > 0
        ? r.problems.map((p) => `${String(p.params?.fileName ?? "")}: ${problemText(locale, p)}`.replace(/^: /, ""))
        : [reasonText(locale, r.reason)];
    // A refused title is not shown again (it may hold a national id): the file name's stands in its place.
    const refusedTitles = new Set((r.problems ?? []).map((p) => p.path));
    const shown = upload.value.files.map((f, i) => (refusedTitles.has(`title.${f.index}`) ? titleFromFileName(f.fileName) : (titles[i] ?? "")));
    return io.answerCard(await uploadCard(e, upload.value, shown, caseCode, errors));
  }
  app.log.info({ uploadId: a.uploadId, caseId: caseCode, documents: r.value.length }, "documents stored");
  return io.answerCard(
    renderDocumentUpload({ locale, uploadId: a.uploadId, files: [], cases: [], refused: [], stored: r.value.map((d) => storedLine(locale, d)) }),
  );
}

async function uploadCard(e: VerbEnv, upload: PendingUpload, titles: string[], caseId: string, errors: string[]): Promise<object> {
  return renderDocumentUpload({
    locale: e.io.turn.locale,
    uploadId: upload.id,
    files: upload.files.map((f, i) => ({ index: f.index, fileName: f.fileName, title: titles[i] ?? "" })),
    cases: await casesOpenForDocuments(e.app.svc),
    ...(caseId ? { caseId } : {}),
    refused: [],
    errors,
  });
}
