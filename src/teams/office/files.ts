/**
 * Files for the coordinator in 1:1 chat, the Teams way: the bot offers a file
 * with a file consent card; when the user accepts, Teams gives an upload URL in
 * their OneDrive, the bot uploads the bytes there and posts a file card. The
 * bytes are made when the user accepts (nothing is kept in between): the
 * decision record as PDF or Markdown (for archiving, or to send another way
 * when Teams can't reach the HF), and the register report as CSV.
 */
import { ActivityTypes, type Activity, type Attachment, type TurnContext } from "botbuilder";
import { z } from "zod";
import { getRecord } from "../../app/record-service.js";
import { buildReport } from "../../app/report.js";
import { CASE_ID } from "../../cards/actions.js";
import { inOslo } from "../../domain/calendar.js";
import { renderRecordPdf } from "../../export/record-pdf.js";
import { recordToMarkdown } from "../../export/record-markdown.js";
import { casesCsv } from "../../export/report-csv.js";
import { t } from "../../i18n/index.js";
import type { TurnEnv } from "../bot.js";

const FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent";
const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";
const RECORD_ID = /^TO-\d{4}-\d{3}-v\d{1,3}$/;

export const FileRequest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("recordPdf"), caseId: z.string().regex(CASE_ID), recordId: z.string().regex(RECORD_ID) }),
  z.object({ kind: z.literal("recordMarkdown"), caseId: z.string().regex(CASE_ID), recordId: z.string().regex(RECORD_ID) }),
  z.object({ kind: z.literal("reportCsv") }),
]);
export type FileRequest = z.infer<typeof FileRequest>;

interface MadeFile {
  name: string;
  bytes: Buffer;
}

async function makeFile(e: TurnEnv, req: FileRequest): Promise<MadeFile | undefined> {
  const { bot, turn } = e;
  if (req.kind === "reportCsv") {
    const report = await buildReport(bot.deps.store, bot.deps.roster, { quorumMinimum: bot.deps.quorumMinimum });
    return { name: `tilgangsordningen-register-${inOslo(turn.op.at).toISODate()}.csv`, bytes: Buffer.from(casesCsv(report, turn.locale), "utf8") };
  }
  const record = await getRecord(bot.deps.store, req.caseId, req.recordId);
  if (!record) return undefined;
  if (req.kind === "recordPdf") return { name: `${record.id}.pdf`, bytes: await renderRecordPdf(record, bot.deps.roster, { locale: turn.locale }) };
  return { name: `${record.id}.md`, bytes: Buffer.from(recordToMarkdown(record, bot.deps.roster, turn.locale), "utf8") };
}

/**
 * Offers a file to the coordinator (their consent puts it in their OneDrive).
 * `send` defaults to this turn's reply; background work passes a proactive send.
 */
export async function offerFile(e: TurnEnv, req: FileRequest, send: (activity: Partial<Activity>) => Promise<unknown> = (a) => e.context.sendActivity(a)): Promise<void> {
  const { turn } = e;
  const file = await makeFile(e, req);
  if (!file) {
    await send({ type: ActivityTypes.Message, text: t(turn.locale, "files.notFound") });
    return;
  }
  const consent: Attachment = {
    contentType: FILE_CONSENT,
    name: file.name,
    content: {
      description: t(turn.locale, "files.description", { name: file.name }),
      sizeInBytes: file.bytes.length,
      acceptContext: req,
      declineContext: req,
    },
  };
  await send({ type: ActivityTypes.Message, attachments: [consent] });
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
  const { context, turn, bot } = e;
  const value = context.activity.value as { context?: unknown; uploadInfo?: unknown } | undefined;
  const req = FileRequest.safeParse(value?.context);
  if (!accepted) {
    await context.sendActivity(t(turn.locale, "files.declined"));
    return;
  }
  if (turn.actor?.person.role !== "coordinator") {
    await context.sendActivity(t(turn.locale, "error.notCoordinator"));
    return;
  }
  const info = UploadInfo.safeParse(value?.uploadInfo);
  if (!req.success || !info.success || !safeUploadUrl(info.data.uploadUrl)) {
    await context.sendActivity(t(turn.locale, "error.invalidInput", { details: "file consent" }));
    return;
  }
  const file = await makeFile(e, req.data);
  if (!file) {
    await context.sendActivity(t(turn.locale, "files.notFound"));
    return;
  }
  const res = await fetch(info.data.uploadUrl, {
    method: "PUT",
    headers: { "content-length": String(file.bytes.length), "content-range": `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
    body: new Uint8Array(file.bytes),
  }).catch(() => undefined);
  if (!res || !res.ok) {
    bot.deps.log.warn({ status: res?.status }, "file upload failed");
    await context.sendActivity(t(turn.locale, "files.uploadFailed"));
    return;
  }
  await context.sendActivity({
    type: ActivityTypes.Message,
    attachments: [
      {
        contentType: FILE_INFO,
        contentUrl: info.data.contentUrl,
        name: info.data.name,
        content: { uniqueId: info.data.uniqueId, fileType: info.data.fileType ?? file.name.split(".").pop() },
      },
    ],
  });
}

export type { TurnContext };
