/**
 * What the applying HF's fagdirektør gets while the application is being
 * checked: the receipt (søknad mottatt) and the return notice (returnert for
 * supplerende opplysninger) with what is missing in words they can act on.
 * Case code only; no figures at all, so no confidential price can leak.
 */
import type { MissingItem } from "../domain/completeness.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { factRows, fitCard, missingItemText, str, translator } from "./fit.js";
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

export function renderCaseReceived(view: CaseReceivedView): AdaptiveCard {
  const tr = translator(view.locale);
  const title = () => tr("caseReceived.title", { code: clip(str(view.code), 30).text });
  return fitCard(
    template,
    LIMITS,
    (limit) => {
      const L = view.locale;
      const short = (s: unknown) => clip(str(s), limit.text).text;
      const code = short(view.code);
      return {
        headerStyle: "good",
        title: tr("caseReceived.title", { code }),
        subtitle: tr("decision.subtitle"),
        intro: tr("caseReceived.intro", { code }),
        hasItems: false,
        items: [],
        facts: factRows([
          { title: tr("caseBrief.method"), value: short(view.methodName) },
          { title: tr("caseBrief.applyingHf"), value: short(view.applyingHfName) },
          { title: tr("caseReceived.receivedDate"), value: formatDate(L, short(view.receivedAt)) },
        ]),
        notes: [...(view.urgent ? [{ text: tr("caseReceived.urgent"), weight: "Bolder" }] : []), { text: tr("caseReceived.next"), weight: "Default" }],
        privacyNote: tr("caseBrief.privacyNote"),
      };
    },
    { locale: view.locale, title },
  );
}

export function renderCaseReturned(view: CaseReturnedView): AdaptiveCard {
  const tr = translator(view.locale);
  const title = () => tr("caseReturned.title", { code: clip(str(view.code), 30).text });
  return fitCard(
    template,
    LIMITS,
    (limit) => {
      const L = view.locale;
      const short = (s: unknown) => clip(str(s), limit.text).text;
      const code = short(view.code);
      const missing = Array.isArray(view.missing) ? view.missing.filter((m) => m && typeof m.item === "string") : [];
      const items = missing.slice(0, limit.items).map((m, i) => ({ number: `${i + 1}.`, text: short(missingItemText(L, m)) }));
      const omitted = missing.length - items.length;
      if (view.reason) items.push({ number: `${items.length + 1}.`, text: tr("caseReturned.reason", { reason: short(view.reason) }) });
      return {
        headerStyle: "warning",
        title: tr("caseReturned.title", { code }),
        subtitle: tr("decision.subtitle"),
        intro: tr("caseReturned.intro"),
        hasItems: items.length > 0,
        items: omitted > 0 ? [...items, { number: "…", text: tr("notice.linesOmitted", { count: omitted }) }] : items,
        facts: factRows([
          { title: tr("caseBrief.method"), value: short(view.methodName) },
          { title: tr("caseBrief.applyingHf"), value: short(view.applyingHfName) },
          { title: tr("caseReturned.returnedAt"), value: formatDate(L, short(view.returnedAt)) },
        ]),
        notes: [
          { text: tr("caseReturned.whatToDo", { code }), weight: "Bolder" },
          { text: tr("caseReturned.notAssessed"), weight: "Default" },
        ],
        privacyNote: tr("caseBrief.privacyNote"),
      };
    },
    { locale: view.locale, title },
  );
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
  const tr = translator(view.locale);
  const title = () => tr("caseDeferred.title", { code: clip(str(view.code), 30).text });
  return fitCard(
    template,
    LIMITS,
    (limit) => {
      const L = view.locale;
      const short = (s: unknown) => clip(str(s), limit.text).text;
      const code = short(view.code);
      return {
        headerStyle: "warning",
        title: tr("caseDeferred.title", { code }),
        subtitle: tr("decision.subtitle"),
        intro: tr("caseDeferred.intro", { code, date: formatDate(L, short(view.meetingDate)) }),
        hasItems: false,
        items: [],
        facts: factRows([
          { title: tr("caseBrief.method"), value: short(view.methodName) },
          { title: tr("caseBrief.applyingHf"), value: short(view.applyingHfName) },
          { title: tr("caseDeferred.reason"), value: short(view.reason) || tr("caseBrief.notStated") },
          {
            title: tr("caseDeferred.nextMeeting"),
            value: view.nextMeetingDate ? formatDate(L, short(view.nextMeetingDate)) : tr("caseDeferred.notPlanned"),
          },
        ]),
        notes: [{ text: tr("caseDeferred.next"), weight: "Default" }],
        privacyNote: tr("caseBrief.privacyNote"),
      };
    },
    { locale: view.locale, title },
  );
}
