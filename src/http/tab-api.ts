/**
 * The meeting book's JSON API, for the tab's page (src/http/tab-page.ts).
 * Every request is authenticated first (src/http/tab-auth.ts: Teams SSO, or
 * the launcher's person on loopback); what the person may read is decided by
 * the use cases in src/app/meeting-book.ts. The answers carry their text in
 * the reader's language (the page passes Teams' locale), so the page only
 * lays it out; a document is streamed after the check, never a URL to it.
 *
 *   GET /api/tab/me?locale=nb                       the person, their meetings and cases
 *   GET /api/tab/meeting?id=<meeting id>|chat=<Teams chat id>&locale=nb
 *                                                   the agenda, the case in hand, quorum and positions (read-only)
 *   GET /api/tab/case?id=<case code>&locale=nb      the case as the person may read it, with its documents
 *   GET /api/tab/document?case=<code>&doc=<id>[&v=<n>]   the document's content (after the check; audited)
 */
import { precedentLines } from "../cards/precedents.js";
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Actor } from "../app/context.js";
import { bookCase, bookMeeting, myBook, openDocument, type BookCase, type BookServices } from "../app/meeting-book.js";
import { nameOf } from "../app/people.js";
import type { AppReason } from "../app/reason-codes.js";
import { formatDate, formatNok, localeFrom, t, type Locale, type MessageKey } from "../i18n/index.js";
import type { HttpRequest, HttpResponse, Route } from "./server.js";
import type { TabAuthenticate } from "./tab-auth.js";

export const TAB_API = {
  me: "/api/tab/me",
  meeting: "/api/tab/meeting",
  case: "/api/tab/case",
  document: "/api/tab/document",
} as const;

const CASE_ID = /^TO-\d{4}-\d{3}$/;
const MEETING_ID = /^M-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,40}$/;

export interface TabApiDeps {
  svc: BookServices;
  authenticate: TabAuthenticate;
}

type Authed = (req: HttpRequest, who: { actor: Actor; local: boolean; locale: Locale }) => Promise<HttpResponse>;

function guarded(deps: TabApiDeps, path: string, handler: Authed): Route {
  return {
    method: "GET",
    path,
    async handler(req) {
      const locale = localeFrom(req.query?.get("locale"));
      const auth = await deps.authenticate(req.headers);
      if (!auth.ok) {
        const key: MessageKey = auth.status === 401 ? "tab.error.unauthorized" : auth.status === 403 ? "tab.error.forbidden" : "tab.error.generic";
        return { status: auth.status, headers: auth.headers, body: { error: t(locale, key) } };
      }
      return handler(req, { actor: auth.actor, local: auth.local, locale });
    },
  };
}

const refused = (locale: Locale, reason: AppReason): HttpResponse => {
  const status = reason.code === "book.notAllowed" ? 403 : reason.code === "document.contentMissing" ? 503 : 404;
  return { status, body: { error: t(locale, reason.code as MessageKey, reason.params as Record<string, string>) } };
};

const today = (svc: BookServices) => DateTime.fromJSDate(svc.now()).setZone("Europe/Oslo").toISODate()!;
const timeOf = (iso: string) => DateTime.fromISO(iso).setZone("Europe/Oslo").toFormat("HH:mm");

function meetingHeading(L: Locale, m: { date: string; startsAt: string; kind: string; started: boolean; ended: boolean }) {
  const badges = [m.kind === "extra" ? t(L, "tab.extraMeeting") : "", m.ended ? t(L, "tab.meetingEnded") : m.started ? t(L, "tab.meetingStarted") : ""].filter(
    Boolean,
  );
  return { heading: t(L, "tab.meeting", { date: formatDate(L, m.date), time: timeOf(m.startsAt) }), badges };
}

function caseRow(L: Locale, c: { caseId: string; code: string; methodName: string; urgent: boolean; access: string; minutes?: number }) {
  return {
    caseId: c.caseId,
    code: c.code,
    title: c.methodName,
    ...(c.urgent ? { urgent: t(L, "caseBrief.urgent") } : {}),
    // The two-hour limit (issue 13): the case's minutes on the agenda.
    ...(typeof c.minutes === "number" ? { minutes: t(L, "agenda.minutes", { minutes: c.minutes }) } : {}),
    ...(c.access === "titleAndReason" ? { recused: t(L, "tab.recusedShort") } : {}),
  };
}

/** Text the page shows around the data, in the reader's language. */
function pageTexts(L: Locale) {
  return {
    title: t(L, "tab.title"),
    back: t(L, "tab.back"),
    open: t(L, "tab.open"),
    download: t(L, "tab.download"),
    close: t(L, "tab.close"),
    agenda: t(L, "tab.agenda"),
    readOnly: t(L, "tab.readOnly"),
  };
}

function caseView(L: Locale, c: BookCase) {
  const recusedText = c.recusal
    ? t(L, "caseBrief.viewer.recused", { reason: t(L, `recusal.${c.recusal.reason}`) + (c.recusal.text ? `: ${c.recusal.text}` : "") })
    : undefined;
  const head = {
    caseId: c.caseId,
    code: c.code,
    heading: t(L, "caseBrief.title", { code: c.code }),
    method: `${c.methodName} (${c.nyeMetoderId})`,
    status: t(L, `status.${c.status}`),
    ...(c.urgent ? { urgent: t(L, "caseBrief.urgent") } : {}),
  };
  if (!c.full) return { ...head, access: c.access, recused: recusedText ?? "", recusedNote: t(L, "tab.recusedNoDocuments") };
  const f = c.full;
  const money = (n: number | undefined) => (f.cost.hidden ? t(L, "caseBrief.withheld") : n === undefined ? t(L, "caseBrief.notStated") : formatNok(L, n));
  return {
    ...head,
    access: c.access,
    facts: [
      { label: t(L, "caseBrief.method"), value: head.method },
      { label: t(L, "caseBrief.beslutningsforumDate"), value: formatDate(L, f.beslutningsforumDate) },
      { label: t(L, "caseBrief.applyingHf"), value: f.applyingHf },
      ...(f.catchmentHf ? [{ label: t(L, "caseBrief.catchmentHf"), value: f.catchmentHf }] : []),
      { label: t(L, "caseBrief.status"), value: head.status },
    ],
    application: {
      heading: t(L, "tab.applicationHeading"),
      groundsHeading: t(L, "caseBrief.groundsHeading"),
      grounds: f.grounds.map((g) => ({ label: t(L, `ground.${g.ground}`), text: g.reasoning })),
      groundsNone: f.grounds.length === 0 ? t(L, "caseBrief.groundsNone") : undefined,
      priorityHeading: t(L, "caseBrief.priorityHeading"),
      priority: (["benefit", "severity", "resourceUse"] as const).map((k) => ({ label: t(L, `priority.${k}`), text: f.priority[k] })),
      costHeading: t(L, "caseBrief.costHeading"),
      cost: [
        { label: t(L, "caseBrief.price"), value: money(f.cost.price) },
        { label: t(L, "caseBrief.treatmentCost"), value: money(f.cost.treatmentCost) },
      ],
      ...(f.cost.confidential && !f.cost.hidden ? { confidential: t(L, "caseBrief.confidential") } : {}),
    },
    ...(f.precedents ? { precedents: precedentLines(L, c.nyeMetoderId, f.precedents) } : {}),
    documentsHeading: t(L, "tab.documentsHeading"),
    noDocuments: t(L, "tab.noDocuments"),
    documents: f.documents.map((d) => ({
      documentId: d.documentId,
      version: d.version,
      title: d.title,
      meta: t(L, "tab.documentMeta", { fileName: d.fileName, version: String(d.version), size: sizeText(d.size) }),
      pdf: d.contentType === "application/pdf",
      href: `${TAB_API.document}?case=${encodeURIComponent(c.code)}&doc=${encodeURIComponent(d.documentId)}&v=${d.version}`,
      fileName: d.fileName,
    })),
  };
}

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

export function tabApiRoutes(deps: TabApiDeps): Route[] {
  const { svc } = deps;
  return [
    guarded(deps, TAB_API.me, async (_req, { actor, local, locale: L }) => {
      const book = await myBook(svc, { actor, today: today(svc) });
      // Someone with no meeting book at all (an HF's fagdirektør) is told so, not that one case is closed to them.
      if (!book.ok) return { status: 403, body: { error: t(L, "tab.error.forbidden") } };
      const { person, meetings } = book.value;
      return {
        status: 200,
        body: {
          texts: pageTexts(L),
          ...(local ? { localBanner: t(L, "tab.localMode", { name: person.name }) } : {}),
          person: { id: person.id, name: person.name, role: t(L, `role.${person.role}`) },
          heading: t(L, "tab.myMeetings"),
          roleLine: t(L, "tab.role", { role: t(L, `role.${person.role}`).toLowerCase() }),
          ...(meetings.length === 0 ? { empty: t(L, "tab.noMeetings") } : {}),
          meetings: meetings.map((m) => ({ meetingId: m.meetingId, ...meetingHeading(L, m), cases: m.cases.map((c) => caseRow(L, c)) })),
        },
      };
    }),
    guarded(deps, TAB_API.meeting, async (req, { actor, local, locale: L }) => {
      let meetingId = req.query?.get("id") ?? "";
      const chat = req.query?.get("chat");
      if (!meetingId && chat) {
        // The side panel knows its chat, not the committee's meeting id: the meeting linked to that chat.
        const linked = (await svc.meetings.all()).filter((m) => m.teams?.conversationId === chat);
        meetingId = (linked.find((m) => m.date === today(svc)) ?? linked.at(-1))?.id ?? "";
      }
      if (!meetingId) {
        // Not linked yet (or the local page without a chat): today's meeting.
        meetingId = (await svc.meetings.on(today(svc))).find((m) => m.agenda.length > 0)?.id ?? "";
      }
      if (!MEETING_ID.test(meetingId)) return { status: 404, body: { error: t(L, "error.meetingNotFound", { meetingId: "" }) } };
      const live = await bookMeeting(svc, { actor, meetingId, today: today(svc) });
      if (!live.ok) return refused(L, live.reason);
      const { meeting, inHand } = live.value;
      const person = actor.person;
      return {
        status: 200,
        body: {
          texts: pageTexts(L),
          ...(local ? { localBanner: t(L, "tab.localMode", { name: person.name }) } : {}),
          meetingId: meeting.meetingId,
          ...meetingHeading(L, meeting),
          cases: meeting.cases.map((c) => ({ ...caseRow(L, c), ...(inHand?.caseId === c.caseId ? { inHand: true } : {}) })),
          ...(meeting.time ? { time: t(L, "agenda.time", { total: meeting.time.total, limit: meeting.time.limit }) } : {}),
          inHandHeading: t(L, "tab.inHand"),
          ...(inHand
            ? {
                inHand: {
                  caseId: inHand.caseId,
                  code: inHand.code,
                  quorum: t(L, inHand.quorum.quorate ? "caseBrief.quorate" : "caseBrief.notQuorate", {
                    count: String(inHand.quorum.eligible),
                    minimum: String(inHand.quorum.minimum),
                  }),
                  quorate: inHand.quorum.quorate,
                  ...(inHand.positions
                    ? {
                        positionsHeading: t(L, "caseBrief.positionsHeading"),
                        positions: inHand.positions.map((p) => ({ name: p.name || nameOf(svc.roster, p.personId), position: t(L, `position.${p.position}`) })),
                      }
                    : {}),
                },
              }
            : { noneInHand: t(L, "tab.noneInHand") }),
        },
      };
    }),
    guarded(deps, TAB_API.case, async (req, { actor, local, locale: L }) => {
      const id = req.query?.get("id") ?? "";
      if (!CASE_ID.test(id)) return { status: 404, body: { error: t(L, "error.caseNotFound", { caseId: "" }) } };
      const read = await bookCase(svc, { actor, caseId: id });
      if (!read.ok) return refused(L, read.reason);
      const view = caseView(L, read.value);
      return {
        status: 200,
        body: { texts: pageTexts(L), ...(local ? { localBanner: t(L, "tab.localMode", { name: actor.person.name }) } : {}), case: view },
      };
    }),
    guarded(deps, TAB_API.document, async (req, { actor, locale: L }) => {
      const caseId = req.query?.get("case") ?? "";
      const documentId = req.query?.get("doc") ?? "";
      const v = req.query?.get("v");
      const version = v === null || v === undefined ? undefined : /^\d{1,6}$/.test(v) ? Number(v) : NaN;
      if (!CASE_ID.test(caseId) || !DOCUMENT_ID.test(documentId) || Number.isNaN(version)) {
        return { status: 404, body: { error: t(L, "book.documentNotFound", {}) } };
      }
      const opened = await openDocument(
        svc,
        { actor, caseId, documentId, ...(version !== undefined ? { version } : {}) },
        { id: `tab-${randomUUID()}`, at: svc.now().toISOString() },
      );
      if (!opened.ok) return refused(L, opened.reason);
      const { doc, content } = opened.value;
      const inline = doc.contentType === "application/pdf";
      return {
        status: 200,
        stream: content.stream,
        headers: {
          "content-type": content.contentType,
          "content-length": String(content.size),
          "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
          "cache-control": "private, no-store",
          "content-security-policy": "default-src 'none'; sandbox",
        },
      };
    }),
  ];
}
