/**
 * The coordinator's completeness check (kompletthetskontroll) for one case,
 * and the case list (saker) that opens it. The check is about presence, not
 * content (000 §4.1 step 3): each row is ✓ present or ✗ missing with the
 * missing item's own words; "Klar for komiteen" only when nothing is missing,
 * "Returner til HF" only when something is.
 */
import type { CaseStatus } from "../domain/case.js";
import type { MissingItem } from "../domain/completeness.js";
import { formatDate, type Locale, type MessageKey } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { count, factRows, fitCard, missingItemText, str, translator } from "./fit.js";
import listTemplate from "./templates/case-list.json" with { type: "json" };
import template from "./templates/checklist.json" with { type: "json" };

export interface ChecklistView {
  locale: Locale;
  caseId: string;
  code: string; // saksnummer
  methodName: string;
  applyingHfName: string;
  status: CaseStatus;
  urgent: boolean;
  receivedAt: string; // ISO date or datetime
  /** How many times the case has been returned before. */
  returnsCount?: number;
  /** checkCompleteness(case, roster): empty when complete. */
  missing: MissingItem[];
}

/** The checklist rows, in the order of the application, and the item codes each covers. */
export const CHECKLIST: readonly { key: string; label: MessageKey; items: readonly string[] }[] = [
  { key: "methodName", label: "checklist.item.methodName", items: ["completeness.methodNameMissing"] },
  { key: "nyeMetoderId", label: "checklist.item.nyeMetoderId", items: ["completeness.nyeMetoderIdMissing"] },
  { key: "beslutningsforumDate", label: "checklist.item.beslutningsforumDate", items: ["completeness.beslutningsforumDateMissing"] },
  { key: "applyingHf", label: "checklist.item.applyingHf", items: ["completeness.applyingHfUnknown"] },
  { key: "catchmentHf", label: "checklist.item.catchmentHf", items: ["completeness.catchmentHfUnknown"] },
  { key: "grounds", label: "checklist.item.grounds", items: ["completeness.groundMissing", "completeness.groundReasoningMissing"] },
  { key: "priority", label: "checklist.item.priority", items: ["completeness.priorityCriterionMissing"] },
  { key: "cost", label: "checklist.item.cost", items: ["completeness.costMissing"] },
  { key: "approval", label: "checklist.item.approval", items: ["completeness.fagdirektorApprovalMissing"] },
  { key: "attachments", label: "checklist.item.attachments", items: ["completeness.attachmentMissing"] },
];

/** Statuses in which the completeness check can still end in "ready" or "returned". */
const CHECKABLE: ReadonlySet<CaseStatus> = new Set(["received", "completenessCheck"]);

const LIMITS = [
  { text: 300, details: 20 },
  { text: 120, details: 5 },
] as const;

export function renderChecklist(view: ChecklistView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => checklistData(view, limit), {
    locale: view.locale,
    title: () => tr("checklist.title", { code: clip(str(view.code), 30).text }),
  });
}

function checklistData(view: ChecklistView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const missing = Array.isArray(view.missing) ? view.missing.filter((m) => m && typeof m.item === "string") : [];
  const known = new Set(CHECKLIST.flatMap((c) => c.items));
  const other = missing.filter((m) => !known.has(m.item));
  const entries = [...CHECKLIST, ...(other.length > 0 ? [{ key: "other", label: "checklist.item.other" as MessageKey, items: other.map((m) => m.item) }] : [])];
  const rows = entries.map((entry) => {
    const its = missing.filter((m) => entry.items.includes(m.item));
    const ok = its.length === 0;
    return {
      icon: ok ? "✓" : "✗",
      color: ok ? "Good" : "Attention",
      label: tr(entry.label),
      state: tr(ok ? "checklist.present" : "checklist.missing"),
      details: its.slice(0, limit.details).map((m) => ({ text: short(missingItemText(L, m)) })),
    };
  });
  const complete = missing.length === 0;
  const checkable = CHECKABLE.has(view.status);
  const returns = count(view.returnsCount);
  return {
    caseId: view.caseId,
    headerStyle: view.urgent ? "attention" : "emphasis",
    title: tr("checklist.title", { code: short(view.code) }),
    intro: tr("checklist.intro"),
    facts: factRows([
      { title: tr("caseBrief.method"), value: short(view.methodName) },
      { title: tr("caseBrief.applyingHf"), value: short(view.applyingHfName) },
      { title: tr("caseReceived.receivedDate"), value: formatDate(L, short(view.receivedAt)) },
      { title: tr("caseBrief.status"), value: tr(`status.${view.status}`) + (view.urgent ? ` · ${tr("agenda.urgent")}` : "") },
      ...(returns > 0 ? [{ title: tr("status.returned"), value: tr("checklist.returns", { count: returns }) }] : []),
    ]),
    rows,
    summary: complete ? { style: "good", text: tr("checklist.complete") } : { style: "attention", text: tr("checklist.incomplete", { count: missing.length }) },
    canMarkReady: checkable && complete,
    // Issue 13: a complete case may still go back to the HF with the coordinator's own reason alone (e.g. a ground the arrangement does not accept).
    canReturn: checkable,
    markReadyLabel: tr("checklist.markReady"),
    returnLabel: tr("checklist.returnToHf"),
    returnReasonLabel: tr(complete ? "checklist.returnReasonRequired" : "checklist.returnReason"),
  };
}

// ── case list (saker) ───────────────────────────────────────────────────────

export interface CaseListItem {
  caseId: string;
  code: string;
  methodName: string;
  applyingHfName: string;
  status: CaseStatus;
  urgent: boolean;
  receivedAt: string;
  /** The decision record's latest send to the HF failed: shown instead of the status ("Avgjørelse bekreftet" would hide it). */
  routingFailed?: boolean;
}

export interface CaseListView {
  locale: Locale;
  /** Already translated title, e.g. "Saker til kompletthetskontroll"; default "Saker". */
  title?: string;
  items: CaseListItem[];
}

const STATUS_COLOR: Partial<Record<CaseStatus, string>> = {
  received: "Accent",
  completenessCheck: "Accent",
  returned: "Warning",
  ready: "Good",
  granted: "Good",
  rejected: "Attention",
  deferred: "Warning",
};

const LIST_LIMITS = [
  { text: 160, items: 50 },
  { text: 80, items: 30 },
  { text: 40, items: 15 },
] as const;

export function renderCaseList(view: CaseListView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(listTemplate, LIST_LIMITS, (limit) => caseListData(view, limit), {
    locale: view.locale,
    title: () => str(view.title) || tr("caseList.title"),
  });
}

function caseListData(view: CaseListView, limit: (typeof LIST_LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const all = Array.isArray(view.items) ? view.items : [];
  const rows = all.slice(0, limit.items).map((c) => ({
    caseId: c.caseId,
    code: short(c.code),
    methodName: short(c.methodName),
    line: `${short(c.applyingHfName)} · ${tr("caseList.received", { date: formatDate(L, short(c.receivedAt)) })}`,
    urgent: Boolean(c.urgent),
    statusLabel: c.routingFailed ? tr("caseList.routingFailed") : tr(`status.${c.status}`),
    statusColor: c.routingFailed ? "Attention" : (STATUS_COLOR[c.status] ?? "Default"),
  }));
  const omitted = all.length - rows.length;
  return {
    title: clip(str(view.title), 200).text || tr("caseList.title"),
    subtitle: tr("caseList.count", { count: all.length }),
    isEmpty: all.length === 0,
    emptyText: tr("caseList.empty"),
    rows,
    urgentLabel: tr("agenda.urgent"),
    openLabel: tr("caseList.open"),
    hasOmitted: omitted > 0,
    omittedText: tr("caseList.omitted", { count: omitted }),
  };
}
