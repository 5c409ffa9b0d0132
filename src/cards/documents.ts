/**
 * The card that answers files sent to the bot in the coordinator's 1:1 chat:
 * pick the case (cases not yet decided) and give each file a title (prefilled
 * from its file name); «Lagre» sends "storeDocuments". Files that were refused
 * are listed with why. After the store, the same card shows what was stored.
 */
import { t, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, expand, fitCard } from "./card.js";
import template from "./templates/document-upload.json" with { type: "json" };

/** At most this many files per message (each has a title input on the card). */
export const MAX_FILES_PER_UPLOAD = 10;

export interface DocumentUploadView {
  locale: Locale;
  uploadId: string;
  /** Kept files: the title input's id ("title_<index>"), the file name shown, the title typed or prefilled. */
  files: { index: number; fileName: string; title: string }[];
  /** Case codes to pick from, newest first. */
  cases: string[];
  caseId?: string;
  /** Refused files, each already translated ("rapport.exe: …"). */
  refused: string[];
  /** Problems with the last submit, translated. */
  errors?: string[];
  /** After the store: one line per stored document, translated. */
  stored?: string[];
}

const LIMITS = [{ text: 300 }, { text: 120 }, { text: 60 }];

/** "Rapport.pdf" → "Rapport": the title a file gets unless the coordinator types another. */
export function titleFromFileName(fileName: string): string {
  const base = fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .replace(/[_]+/g, " ")
    .trim();
  return (base || fileName).slice(0, 200);
}

export function renderDocumentUpload(view: DocumentUploadView): AdaptiveCard {
  return fitCard(
    template,
    LIMITS,
    (limit) => uploadData(view, limit.text),
    () => expand(template, uploadData({ ...view, refused: view.refused.slice(0, 3), errors: (view.errors ?? []).slice(0, 3) }, 40)),
  );
}

function uploadData(view: DocumentUploadView, max: number): Record<string, unknown> {
  const L = view.locale;
  const stored = view.stored ?? [];
  const canStore = stored.length === 0 && view.files.length > 0 && view.cases.length > 0;
  const errors = [...(view.errors ?? []), ...(stored.length === 0 && view.files.length > 0 && view.cases.length === 0 ? [t(L, "documents.noOpenCases")] : [])];
  return {
    title: t(L, "documents.uploadTitle"),
    subtitle:
      stored.length > 0
        ? t(L, "documents.storedSubtitle", { count: stored.length })
        : view.files.length > 0
          ? t(L, "documents.uploadSubtitle", { count: view.files.length })
          : t(L, "documents.nothingKept"),
    hasErrors: errors.length > 0,
    errors: errors.map((text) => ({ text: clip(text, max * 2).text })),
    hasRefused: view.refused.length > 0,
    refusedTitle: t(L, "documents.refusedTitle", { count: view.refused.length }),
    refused: view.refused.map((text) => ({ text: clip(text, max * 2).text })),
    canStore,
    caseLabel: t(L, "documents.caseLabel"),
    caseRequired: t(L, "documents.caseRequired"),
    caseValue: view.caseId ?? "",
    cases: view.cases.map((code) => ({ title: code, value: code })),
    files: view.files.map((f) => ({
      inputId: `title_${f.index}`,
      label: t(L, "documents.titleLabel", { fileName: clip(f.fileName, max).text }),
      titleRequired: t(L, "documents.titleRequired"),
      value: clip(f.title, 200).text,
    })),
    isStored: stored.length > 0,
    stored: stored.map((text) => ({ text: clip(text, max * 2).text })),
    submitTitle: t(L, "documents.store"),
    uploadId: view.uploadId,
  };
}
