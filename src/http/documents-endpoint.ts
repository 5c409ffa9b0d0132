/**
 * POST /api/cases/{code}/documents: a document added to a case by a system
 * (e.g. a hospital's application portal), with the same authentication as
 * POST /api/cases (src/http/auth.ts: an Entra ID token with the app role
 * Cases.Submit; locally the development key).
 *
 * Request: the file's bytes as the body (not JSON, not multipart), its media
 * type in Content-Type (application/pdf, the DOCX type, image/png, image/jpeg,
 * or application/octet-stream; the type is decided by the content either way),
 * and two query parameters, both required: `title` (what readers see) and
 * `fileName` (with its extension, e.g. "epikrise.pdf"). The body may be as
 * large as DOCUMENT_MAX_MB; it is read streamed and never kept past the cap.
 *
 *   401 / 403 / 503  as POST /api/cases (authentication)
 *   404  no case with that code
 *   409  the case is decided: its papers are closed
 *   413  the body is larger than the cap
 *   415  a Content-Type that is not one of the above
 *   400  { error, problems: [{ path, code, message }] }: every problem at once
 *        (title, file name, a type not accepted or not matching the name,
 *        a national id in the title or the file name, an empty file)
 *   201  the document's metadata { caseId, documentId, version, title,
 *        fileName, contentType, size, sha256, addedAt }
 *
 * Nothing is stored unless the answer is 201. An `Idempotency-Key` header
 * (scoped to the caller) makes a retried POST return the document the first
 * one stored instead of storing it twice.
 */
import { randomUUID } from "node:crypto";
import { addDocument, openCaseFor } from "../app/documents.js";
import { DOCUMENT_CONTENT_TYPES, StoreUnavailableError, type CaseDocument } from "../app/ports.js";
import type { AppServices } from "../app/services.js";
import { hasMessage, t, type Locale } from "../i18n/index.js";
import { mayFileFor, type Authenticate } from "./auth.js";
import { requestLocale } from "./intake-endpoint.js";
import type { HttpRequest, HttpResponse, Route } from "./server.js";

export interface DocumentsDeps {
  svc: AppServices;
  authenticate: Authenticate;
  now?: () => Date;
}

/** /api/cases/{code}/documents; the code is checked by the use case (an unknown one is a 404). */
export const DOCUMENTS_PATH = /^\/api\/cases\/([A-Za-z0-9-]{1,32})\/documents$/;

const ACCEPTED_TYPES: ReadonlySet<string> = new Set([...DOCUMENT_CONTENT_TYPES, "application/octet-stream"]);

export function documentsRoute(deps: DocumentsDeps): Route {
  return { method: "POST", path: DOCUMENTS_PATH, template: "/api/cases/{code}/documents", rawBody: true, handler: (req) => handle(deps, req) };
}

/** What the API answers about a stored document: its metadata, nothing of who inside the committee. */
export function documentBody(doc: CaseDocument) {
  const { caseId, documentId, version, title, fileName, contentType, size, sha256, addedAt } = doc;
  return { caseId, documentId, version, title, fileName, contentType, size, sha256, addedAt };
}

async function handle(deps: DocumentsDeps, req: HttpRequest): Promise<HttpResponse> {
  const { svc } = deps;
  const now = deps.now ?? svc.now;
  const locale: Locale = requestLocale(req.headers["accept-language"]);
  const auth = await deps.authenticate(req.headers);
  if (!auth.ok) return { status: auth.status, headers: auth.headers, body: { error: auth.error } };

  const key = header(req.headers["idempotency-key"]);
  if (key !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(key)) return { status: 400, body: { error: t(locale, "http.badIdempotencyKey"), problems: [] } };
  const type = (header(req.headers["content-type"]) ?? "").split(";")[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(type)) return { status: 415, body: { error: t(locale, "http.documentContentType") } };

  const caseCode = req.params?.[0] ?? "";
  try {
    const open = await openCaseFor(svc, caseCode);
    if (!open.ok && open.reason.code !== "document.caseDecided") return { status: 404, body: { error: say(locale, open.reason.code, open.reason.params) } };
    // The caller adds documents to its own HF's cases only (the same rule as filing them, auth.ts mayFileFor).
    const theCase = open.ok ? open.value : await svc.cases.byCode(caseCode.trim());
    if (theCase && !mayFileFor(auth.principal, theCase.applyingHfId)) {
      const hf = svc.roster.hfs.find((h) => h.id === theCase.applyingHfId);
      return {
        status: 403,
        headers: { "www-authenticate": `Bearer realm="komitebot", error="insufficient_scope"` },
        body: { error: hf ? say(locale, "http.hfNotAllowed", { hf: hf.name }) : say(locale, "http.hfNotAllowedUnknown") },
      };
    }
    if (!open.ok) return { status: 409, body: { error: say(locale, open.reason.code, open.reason.params) } };

    const maxBytes = svc.settings.documentMaxBytes;
    const read = await req.readRaw!(maxBytes);
    if (!read.ok) {
      if (read.tooLarge) return { status: 413, body: { error: t(locale, "document.tooLarge", { maxMb: Math.floor(maxBytes / (1024 * 1024)) }) } };
      return { status: 400, body: { error: t(locale, "http.bodyUnreadable"), problems: [] } };
    }
    const op = { id: key ? `documents:${auth.principal.id}:${key}` : `documents:${randomUUID()}`, at: now().toISOString() };
    const clientId = auth.principal.kind === "token" ? (auth.principal.appId ?? auth.principal.id) : auth.principal.id;
    const r = await addDocument(
      svc,
      { caseCode, title: req.query?.get("title") ?? "", fileName: req.query?.get("fileName") ?? "", content: read.body, addedBy: { api: clientId } },
      op,
    );
    if (r.ok) return { status: 201, body: documentBody(r.value) };
    if (r.reason.code === "document.invalid") {
      const problems = (r.problems ?? []).map((p) => ({ path: p.path, code: p.code, message: say(locale, p.code, p.params) }));
      return { status: 400, body: { error: say(locale, r.reason.code), problems } };
    }
    if (r.reason.code === "error.caseNotFound") return { status: 404, body: { error: say(locale, r.reason.code, r.reason.params) } };
    if (r.reason.code === "document.caseDecided") return { status: 409, body: { error: say(locale, r.reason.code, r.reason.params) } };
    return { status: 500, body: { error: say(locale, r.reason.code, r.reason.params) } };
  } catch (err) {
    if (err instanceof StoreUnavailableError) return { status: 503, headers: { "retry-after": "30" }, body: { error: t(locale, "error.storeUnavailable") } };
    throw err;
  }
}

function say(locale: Locale, code: string, params?: Record<string, string | number>): string {
  return hasMessage(code) ? t(locale, code, params) : t(locale, "input.invalid");
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
