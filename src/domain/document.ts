/**
 * The rules for a case's documents (the meeting book: 000 §5.1, the
 * application with its attachments): which kinds are accepted, recognised by
 * their content (magic bytes), not only by their name; names and titles that
 * carry no national id (000 §4.1 e: the committee works on case codes). Pure:
 * bytes and strings in, a Result out.
 */
import type { CaseStatus } from "./case.js";
import { containsNationalId } from "./fodselsnummer.js";
import type { ReasonCode } from "./reason-codes.js";
import { fail, ok, type Problem, type Result } from "./result.js";

/** The accepted kinds (src/app/ports.ts DOCUMENT_CONTENT_TYPES lists the same media types). */
export const DOCUMENT_KINDS = {
  pdf: { contentType: "application/pdf", extensions: [".pdf"] },
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: [".docx"] },
  png: { contentType: "image/png", extensions: [".png"] },
  jpeg: { contentType: "image/jpeg", extensions: [".jpg", ".jpeg"] },
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const MAX_TITLE_CHARS = 200;
export const MAX_FILE_NAME_CHARS = 255;

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/**
 * The names in a zip's central directory (read from the end-of-central-directory
 * record, as unzip does), or undefined when it is not a readable zip.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  // The EOCD record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) !== 0x06054b50) continue;
    const count = u16(bytes, at + 10);
    const size = u32(bytes, at + 12);
    const offset = u32(bytes, at + 16);
    if (offset + size > at) return undefined;
    const names: string[] = [];
    let p = offset;
    const decoder = new TextDecoder("utf-8", { fatal: false });
    for (let i = 0; i < count; i++) {
      if (p + 46 > at || u32(bytes, p) !== 0x02014b50) return undefined;
      const nameLength = u16(bytes, p + 28);
      const extraLength = u16(bytes, p + 30);
      const commentLength = u16(bytes, p + 32);
      if (p + 46 + nameLength > at) return undefined;
      names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

/** What the content is, by its first bytes (and, for a zip, a Word document's parts); undefined when none of the accepted kinds. */
export function detectDocumentKind(bytes: Uint8Array): DocumentKind | undefined {
  if (startsWith(bytes, PDF)) return "pdf";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, ZIP_LOCAL)) {
    const names = zipEntryNames(bytes);
    if (names?.includes("word/document.xml") && names.includes("[Content_Types].xml")) return "docx";
  }
  return undefined;
}

/** The kind a file name promises by its extension; undefined when not an accepted one. */
export function kindByName(fileName: string): DocumentKind | undefined {
  const lower = fileName.toLowerCase();
  return (Object.keys(DOCUMENT_KINDS) as DocumentKind[]).find((k) => DOCUMENT_KINDS[k].extensions.some((ext) => lower.endsWith(ext)));
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

export interface DocumentInput {
  title: string;
  fileName: string;
  content: Uint8Array;
  maxBytes: number;
}

export interface CheckedDocument {
  title: string;
  fileName: string;
  kind: DocumentKind;
  contentType: (typeof DOCUMENT_KINDS)[DocumentKind]["contentType"];
}

/** The file name alone (chat files are checked before a title exists): every problem with it. */
export function fileNameProblems(fileName: string): Problem<ReasonCode>[] {
  const problems: Problem<ReasonCode>[] = [];
  const name = fileName.trim();
  if (!name || name.length > MAX_FILE_NAME_CHARS || CONTROL.test(name) || /[/\\]/.test(name) || name === "." || name === "..")
    problems.push({ path: "fileName", code: "document.fileNameInvalid", params: { max: MAX_FILE_NAME_CHARS } });
  else if (containsNationalId(name)) problems.push({ path: "fileName", code: "document.nationalIdInFileName" });
  else if (!kindByName(name)) problems.push({ path: "fileName", code: "document.extensionNotAllowed" });
  return problems;
}

/** The content against the name and the cap: every problem with it (none names the file: the edge does, when it may be shown). */
export function contentProblems(fileName: string, content: Uint8Array, maxBytes: number): Problem<ReasonCode>[] {
  const maxMb = Math.floor(maxBytes / (1024 * 1024));
  if (content.length === 0) return [{ path: "content", code: "document.empty" }];
  if (content.length > maxBytes) return [{ path: "content", code: "document.tooLarge", params: { maxMb } }];
  const found = detectDocumentKind(content);
  if (!found) return [{ path: "content", code: "document.unknownContent" }];
  const named = kindByName(fileName);
  if (named && named !== found) return [{ path: "content", code: "document.typeMismatch", params: { found: DOCUMENT_KINDS[found].extensions[0]! } }];
  return [];
}

/** A title (what readers see in the meeting book): 1–200 characters, plain, no national id. */
export function titleProblems(title: string): Problem<ReasonCode>[] {
  const t = title.trim();
  if (!t) return [{ path: "title", code: "document.titleRequired" }];
  if (t.length > MAX_TITLE_CHARS) return [{ path: "title", code: "text.tooLong" }];
  if (CONTROL.test(t)) return [{ path: "title", code: "text.controlCharacters" }];
  if (containsNationalId(t)) return [{ path: "title", code: "privacy.nationalIdInText" }];
  return [];
}

/** A document as given: every problem at once (title, file name, content), or what it is. */
export function checkDocument(input: DocumentInput): Result<CheckedDocument, ReasonCode> {
  const problems = [
    ...titleProblems(input.title),
    ...fileNameProblems(input.fileName),
    ...contentProblems(input.fileName.trim(), input.content, input.maxBytes),
  ];
  if (problems.length > 0) return { ...fail("document.invalid"), problems };
  const kind = detectDocumentKind(input.content)!;
  return ok({ title: input.title.trim(), fileName: input.fileName.trim(), kind, contentType: DOCUMENT_KINDS[kind].contentType });
}

/** Statuses after the committee's decision: the case's papers are closed, nothing is added or replaced. */
export const DECIDED_STATUSES = ["granted", "rejected", "recordDrafted", "recordConfirmed", "routed", "acknowledged"] as const satisfies readonly CaseStatus[];

/** Whether documents may still be added to (or replaced in) a case in this status. */
export const acceptsDocuments = (status: CaseStatus): boolean => !(DECIDED_STATUSES as readonly CaseStatus[]).includes(status);
