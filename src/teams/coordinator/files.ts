/**
 * Files for the coordinator in 1:1 chat, the Teams way: the bot offers a file
 * with a file consent card; when the user accepts, Teams gives an upload URL in
 * their OneDrive, the bot uploads the bytes there and posts a file card. The
 * bytes are made when the user accepts (nothing is kept in between): the
 * decision record as PDF or Markdown (for archiving, or to send another way
 * when Teams can't reach the HF), and the register report as CSV.
 */
import { z } from "zod";
import { registerReport } from "../../app/coordinator/report.js";
import { CASE_ID, MEETING_ID, MINUTES_ID, RECORD_ID } from "../../cards/actions.js";
import { minutesToMarkdown, renderMinutesPdf } from "../../export/minutes-export.js";
import { inOslo } from "../../domain/calendar.js";
import { renderRecordPdf } from "../../export/record-pdf.js";
import { recordToMarkdown } from "../../export/record-markdown.js";
import { casesCsv } from "../../export/report-csv.js";
import { renderReportPdf } from "../../export/report-pdf.js";
import { checkPeriod } from "../../domain/period.js";
import { reportView } from "./views.js";
import { t, type Locale } from "../../i18n/index.js";
import type { TeamsApp, TurnEnv } from "../context.js";
import type { OutgoingAttachment } from "../turn-io.js";

const FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent";
const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";

/** Issue 15: a report's period travels in the consent's context: two ISO dates, both or neither, checked as «rapport» checks them. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const periodFields = { from: z.string().regex(ISO_DATE).optional(), to: z.string().regex(ISO_DATE).optional() };
const periodOk = (r: { from?: string | undefined; to?: string | undefined }) =>
  (r.from === undefined && r.to === undefined) || (r.from !== undefined && r.to !== undefined && checkPeriod(r.from, r.to).ok);

export const FileRequest = z.union([
  z.object({ kind: z.literal("recordPdf"), caseId: z.string().regex(CASE_ID), recordId: z.string().regex(RECORD_ID) }),
  z.object({ kind: z.literal("recordMarkdown"), caseId: z.string().regex(CASE_ID), recordId: z.string().regex(RECORD_ID) }),
  // Issue 14: a version of a meeting's minutes, as PDF or Markdown.
  z.object({ kind: z.literal("minutesPdf"), meetingId: z.string().regex(MEETING_ID), minutesId: z.string().regex(MINUTES_ID) }),
  z.object({ kind: z.literal("minutesMarkdown"), meetingId: z.string().regex(MEETING_ID), minutesId: z.string().regex(MINUTES_ID) }),
  z.object({ kind: z.literal("reportCsv"), ...periodFields }).refine(periodOk, "period"),
  z.object({ kind: z.literal("reportPdf"), ...periodFields }).refine(periodOk, "period"),
]);
export type FileRequest = z.infer<typeof FileRequest>;

interface MadeFile {
  name: string;
  bytes: Buffer;
}

async function makeFile(app: TeamsApp, who: { locale: Locale; at: string }, req: FileRequest): Promise<MadeFile | undefined> {
  const { svc } = app;
  if (req.kind === "reportCsv" || req.kind === "reportPdf") {
    const { report, records } = await registerReport(svc, req.from && req.to ? { from: req.from, to: req.to } : {});
    const span = req.from && req.to ? `${req.from}_${req.to}` : inOslo(who.at).toISODate();
    if (req.kind === "reportCsv") return { name: `tilgangsordningen-register-${span}.csv`, bytes: Buffer.from(casesCsv(report, who.locale), "utf8") };
    const view = reportView(report, records, who.locale, new Date(who.at));
    return { name: `tilgangsordningen-arsrapport-${span}.pdf`, bytes: await renderReportPdf(view) };
  }
  if (req.kind === "minutesPdf" || req.kind === "minutesMarkdown") {
    const minutes = await svc.minutes.get(req.meetingId, req.minutesId);
    if (!minutes) return undefined;
    const name = `${minutes.meetingId}-protokoll-v${minutes.version}`;
    if (req.kind === "minutesPdf") return { name: `${name}.pdf`, bytes: await renderMinutesPdf(minutes, svc.roster, { locale: who.locale }) };
    return { name: `${name}.md`, bytes: Buffer.from(minutesToMarkdown(minutes, svc.roster, who.locale), "utf8") };
  }
  const record = await svc.records.get(req.caseId, req.recordId);
  if (!record) return undefined;
  if (req.kind === "recordPdf") return { name: `${record.id}.pdf`, bytes: await renderRecordPdf(record, svc.roster, { locale: who.locale }) };
  return { name: `${record.id}.md`, bytes: Buffer.from(recordToMarkdown(record, svc.roster, who.locale), "utf8") };
}

/**
 * Offers a file to the coordinator (their consent puts it in their OneDrive),
 * through `send`: this turn's reply, or a proactive send from background work.
 */
export async function offerFile(
  app: TeamsApp,
  who: { locale: Locale; at: string },
  req: FileRequest,
  send: (attachment: OutgoingAttachment) => Promise<void>,
  say?: (text: string) => Promise<unknown>,
): Promise<void> {
  const file = await makeFile(app, who, req);
  if (!file) {
    await say?.(t(who.locale, "files.notFound"));
    return;
  }
  await send({
    contentType: FILE_CONSENT,
    name: file.name,
    content: { description: t(who.locale, "files.description", { name: file.name }), sizeInBytes: file.bytes.length, acceptContext: req, declineContext: req },
  });
}

const UploadInfo = z.object({
  name: z.string().max(300),
  uploadUrl: z.string().url().max(4000),
  contentUrl: z.string().url().max(4000),
  uniqueId: z.string().max(300).optional(),
  fileType: z.string().max(20).optional(),
});

/** Teams' uploads go to https OneDrive URLs; plain http only on loopback (local tests). */
function safeUploadUrl(url: string): boolean {
  const u = new URL(url);
  return u.protocol === "https:" || (u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost"));
}

export async function handleFileConsent(e: TurnEnv, accepted: boolean): Promise<void> {
  const { io, app } = e;
  const { locale, op } = io.turn;
  const value = io.value as { context?: unknown; uploadInfo?: unknown } | undefined;
  if (!accepted) {
    await io.say(t(locale, "files.declined"));
    return;
  }
  const req = FileRequest.safeParse(value?.context);
  // Files are the coordinator's; the minutes are the chair's too (issue 14: the chair approves them).
  const role = io.turn.actor?.person.role;
  const minutesFile = req.success && (req.data.kind === "minutesPdf" || req.data.kind === "minutesMarkdown");
  if (role !== "coordinator" && !(role === "chair" && minutesFile)) {
    await io.say(t(locale, "error.notCoordinator"));
    return;
  }
  const info = UploadInfo.safeParse(value?.uploadInfo);
  if (!req.success || !info.success || !safeUploadUrl(info.data.uploadUrl)) {
    await io.say(t(locale, "error.invalidInput", { details: "file consent" }));
    return;
  }
  const file = await makeFile(app, { locale, at: op.at }, req.data);
  if (!file) {
    await io.say(t(locale, "files.notFound"));
    return;
  }
  const res = await fetch(info.data.uploadUrl, {
    method: "PUT",
    headers: { "content-length": String(file.bytes.length), "content-range": `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
    body: new Uint8Array(file.bytes),
  }).catch(() => undefined);
  if (!res || !res.ok) {
    app.log.warn({ status: res?.status }, "file upload failed");
    await io.say(t(locale, "files.uploadFailed"));
    return;
  }
  await io.sendAttachment({
    contentType: FILE_INFO,
    contentUrl: info.data.contentUrl,
    name: info.data.name,
    content: { uniqueId: info.data.uniqueId, fileType: info.data.fileType ?? file.name.split(".").pop() },
  });
}
