/**
 * What the applying HF's fagdirektør gets about an application before its
 * decision: the receipt (søknad mottatt), the return notice (returnert for
 * supplerende opplysninger) with what is missing in words they can act on, and
 * the deferral (utsatt) with its reason and the next meeting — three bodies in
 * one frame (hfNotice). Case code only; no figures at all, so no confidential
 * price can leak.
 */
import type { MissingItem } from "../domain/completeness.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { factRows, fitCard, missingItemText, str, translator, type Tr } from "./fit.js";
import template from "./templates/hf-notice.json" with { type: "json" };

export interface CaseReceivedView {
  locale: Locale;
  code: string; // saksnummer
  methodName: string;
  applyingHfName: string;
  receivedAt: string; // ISO date or datetime
  urgent: boolean;
}

export interface CaseReturnedView {
  locale: Locale;
  code: string;
  methodName: string;
  applyingHfName: string;
  returnedAt: string; // ISO date or datetime
  /** checkCompleteness(case, roster): what the HF must add. */
  missing: MissingItem[];
  /** The coordinator's own reason besides the items (issue 13). */
  reason?: string;
}

const LIMITS = [
  { text: 400, items: 30 },
  { text: 150, items: 15 },
] as const;
type Limit = (typeof LIMITS)[number];
type Item = { number: string; text: string };

/** What every notice to the applying HF has: the case code, the method and the HF. */
interface HfNoticeCase {
  locale: Locale;
  code: string;
  methodName: string;
  applyingHfName: string;
}

/** What a notice adds to the shared frame, built at each size limit. */
interface HfNoticeBody {
  headerStyle: "good" | "warning";
  intro: string;
  items?: Item[];
  /** After the method and the HF. */
  facts: { title: string; value: string }[];
  notes: { text: string; weight: "Bolder" | "Default" }[];
}

/**
 * The frame the three notices share: the title with the case code, the
 * committee's subtitle, the method and HF as the first facts, the privacy note,
 * fitted to the card's size by the same limits.
 */
function hfNotice(
  view: HfNoticeCase,
  titleKey: "caseReceived.title" | "caseReturned.title" | "caseDeferred.title",
  body: (c: { L: Locale; tr: Tr; limit: Limit; short: (s: unknown) => string; code: string }) => HfNoticeBody,
): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(
    template,
    LIMITS,
    (limit) => {
      const short = (s: unknown) => clip(str(s), limit.text).text;
      const code = short(view.code);
      const b = body({ L: view.locale, tr, limit, short, code });
      const items = b.items ?? [];
      return {
        headerStyle: b.headerStyle,
        title: tr(titleKey, { code }),
        subtitle: tr("decision.subtitle"),
        intro: b.intro,
        hasItems: items.length > 0,
        items,
        facts: factRows([
          { title: tr("caseBrief.method"), value: short(view.methodName) },
          { title: tr("caseBrief.applyingHf"), value: short(view.applyingHfName) },
          ...b.facts,
        ]),
        notes: b.notes,
        privacyNote: tr("caseBrief.privacyNote"),
      };
    },
    { locale: view.locale, title: () => tr(titleKey, { code: clip(str(view.code), 30).text }) },
  );
}

export function renderCaseReceived(view: CaseReceivedView): AdaptiveCard {
  return hfNotice(view, "caseReceived.title", ({ L, tr, short, code }) => ({
    headerStyle: "good",
    intro: tr("caseReceived.intro", { code }),
    facts: [{ title: tr("caseReceived.receivedDate"), value: formatDate(L, short(view.receivedAt)) }],
    notes: [...(view.urgent ? [{ text: tr("caseReceived.urgent"), weight: "Bolder" as const }] : []), { text: tr("caseReceived.next"), weight: "Default" }],
  }));
}

export function renderCaseReturned(view: CaseReturnedView): AdaptiveCard {
  return hfNotice(view, "caseReturned.title", ({ L, tr, limit, short, code }) => {
    const missing = Array.isArray(view.missing) ? view.missing.filter((m) => m && typeof m.item === "string") : [];
    const items = missing.slice(0, limit.items).map((m, i) => ({ number: `${i + 1}.`, text: short(missingItemText(L, m)) }));
    const omitted = missing.length - items.length;
    if (view.reason) items.push({ number: `${items.length + 1}.`, text: tr("caseReturned.reason", { reason: short(view.reason) }) });
    return {
      headerStyle: "warning",
      intro: tr("caseReturned.intro"),
      items: omitted > 0 ? [...items, { number: "…", text: tr("notice.linesOmitted", { count: omitted }) }] : items,
      facts: [{ title: tr("caseReturned.returnedAt"), value: formatDate(L, short(view.returnedAt)) }],
      notes: [
        { text: tr("caseReturned.whatToDo", { code }), weight: "Bolder" },
        { text: tr("caseReturned.notAssessed"), weight: "Default" },
      ],
    };
  });
}

/** Issue 14: the case was deferred (utsatt): why, and the committee's next meeting. */
export interface CaseDeferredView {
  locale: Locale;
  code: string;
  methodName: string;
  applyingHfName: string;
  meetingDate: string; // YYYY-MM-DD
  reason: string;
  /** YYYY-MM-DD; absent: not yet planned. */
  nextMeetingDate?: string;
}

export function renderCaseDeferred(view: CaseDeferredView): AdaptiveCard {
  return hfNotice(view, "caseDeferred.title", ({ L, tr, short, code }) => ({
    headerStyle: "warning",
    intro: tr("caseDeferred.intro", { code, date: formatDate(L, short(view.meetingDate)) }),
    facts: [
      { title: tr("caseDeferred.reason"), value: short(view.reason) || tr("caseBrief.notStated") },
      {
        title: tr("caseDeferred.nextMeeting"),
        value: view.nextMeetingDate ? formatDate(L, short(view.nextMeetingDate)) : tr("caseDeferred.notPlanned"),
      },
    ],
    notes: [{ text: tr("caseDeferred.next"), weight: "Default" }],
  }));
}
