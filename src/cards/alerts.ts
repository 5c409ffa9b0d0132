/**
 * For the coordinator: an alert card (routing failed, papers late,
 * unacknowledged record, the HF's «Mottatt») and the routing status list
 * (each confirmed record's way to the applying HF: sent, acknowledged or
 * failed, with dates). A routing that failed offers what can work: the PDF
 * always, a new attempt only when one can succeed (never when the roster has
 * no recipient at the applying HF: then it says how to add one).
 */
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import type { RoutingState } from "./record.js";
import alertTemplate from "./templates/alert.json" with { type: "json" };
import statusTemplate from "./templates/routing-status.json" with { type: "json" };

/** The same shape as CoordinatorAlert in src/app/notifier.ts (the cards do not depend on the app layer). */
export type AlertInfo =
  | { kind: "routingFailed"; caseId: string; recordId: string; recipientId: string; hfId?: string; reason: DeliveryFailureReason }
  | { kind: "papersLate"; meetingId: string; meetingDate?: string; deadline: string }
  | { kind: "unacknowledged"; caseId: string; recordId: string; recipientId: string; sentAt: string }
  | { kind: "urgentCase"; caseId: string; receivedAt: string; proposal: { checkBy: string; papersBy: string; meetingDate: string; targetDate: string } }
  | { kind: "forecastBelow"; meetingId: string; meetingDate: string; cases: { caseId: string; expected: number; minimum: number; substitutes: string[] }[] }
  | { kind: "acknowledged"; caseId: string; recordId: string; recipientId: string; acknowledgedAt: string }
  | { kind: "installFailed"; recipientId: string; reason: "noConsent" | "unknownUser" };

export interface AlertView {
  locale: Locale;
  alert: AlertInfo;
  /** Display name for alert.recipientId; the id is shown when missing. */
  recipientName?: string;
  /** Display name of the applying HF (routingFailed, acknowledged). */
  hfName?: string;
  /** Display text for the meeting, e.g. "27. november 2026"; else alert.meetingDate, formatted; else the id. */
  meetingLabel?: string;
  /** Display names of the people an alert names by roster id (forecastBelow's substitutes). */
  names?: Record<string, string>;
}

const REASONS = ["noConversation", "blocked", "failed", "notOnRoster", "noConsent", "unknownUser"] as const;
/** Why a delivery failed (the same values as the app's DeliveryFailure). */
export type DeliveryFailureReason = (typeof REASONS)[number];
const isReason = (r: string): r is DeliveryFailureReason => (REASONS as readonly string[]).includes(r);

export function renderCoordinatorAlert(view: AlertView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(alertTemplate, [{ text: 300 }, { text: 80 }] as const, (limit) => alertData(view, limit.text), {
    locale: view.locale,
    title: () => tr("notice.warning"),
  });
}

function alertData(view: AlertView, max: number): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), max).text;
  const a = view.alert;
  const base = {
    style: "warning",
    color: "Warning",
    toneLabel: `⚠ ${tr("notice.warning")}`,
    retryLabel: tr("alert.retry"),
    openLabel: tr("alert.openCase"),
    pdfLabel: tr("alert.pdf"),
    canPdf: false,
  };
  switch (a.kind) {
    case "installFailed": {
      // Issue 14: the bot could not install itself for a person it must write to.
      const who = short(view.recipientName ?? a.recipientId);
      return {
        ...base,
        title: tr(a.reason === "noConsent" ? "alert.installFailed.noConsent.title" : "alert.installFailed.unknownUser.title"),
        body: tr(a.reason === "noConsent" ? "alert.installFailed.noConsent.body" : "alert.installFailed.unknownUser.body", { name: who }),
        hint: tr(a.reason === "noConsent" ? "alert.installFailed.noConsent.hint" : "alert.installFailed.unknownUser.hint"),
        caseId: "",
        canRetry: false,
        canOpen: false,
      };
    }
    case "routingFailed": {
      const hf = short(view.hfName ?? a.hfId ?? "");
      const nobody = a.reason === "notOnRoster" || !str(a.recipientId);
      const reason = isReason(a.reason) ? tr(`alert.reason.${a.reason}`) : short(a.reason);
      const recipient = short(view.recipientName ?? a.recipientId) + (hf ? ` (${hf})` : "");
      return {
        ...base,
        style: "attention",
        color: "Attention",
        toneLabel: `⛔ ${tr("notice.error")}`,
        title: tr("alert.routingFailed.title", { code: short(a.caseId) }),
        body: nobody
          ? tr("alert.routingFailed.noRecipient", { recordId: short(a.recordId), hf: hf || tr("alert.unknownHf") })
          : tr("alert.routingFailed.body", { recordId: short(a.recordId), recipient, reason }),
        hint: nobody ? tr("alert.routingFailed.addRecipient", { hf: hf || tr("alert.unknownHf") }) : tr("alert.routingFailed.hint"),
        caseId: a.caseId,
        recordId: a.recordId,
        // Another attempt cannot reach a recipient the roster does not have: offer what can work instead.
        canRetry: !nobody,
        canPdf: true,
        canOpen: true,
      };
    }
    case "acknowledged": {
      const hf = short(view.hfName ?? "");
      return {
        ...base,
        style: "good",
        color: "Good",
        toneLabel: `✓ ${tr("notice.info")}`,
        title: tr("alert.acknowledged.title", { code: short(a.caseId) }),
        body: tr("alert.acknowledged.body", {
          recordId: short(a.recordId),
          recipient: short(view.recipientName ?? a.recipientId) + (hf ? ` (${hf})` : ""),
          date: formatDate(L, short(a.acknowledgedAt)),
        }),
        hint: tr("alert.acknowledged.hint"),
        caseId: a.caseId,
        recordId: a.recordId,
        canRetry: false,
        canOpen: true,
      };
    }
    case "papersLate": {
      // The meeting by its date, in the card's one date format (not "M-2026-11-27" beside "25. november 2026").
      const meeting = short(view.meetingLabel ?? (a.meetingDate ? formatDate(L, a.meetingDate) : a.meetingId));
      return {
        ...base,
        title: tr("alert.papersLate.title", { meeting }),
        body: tr("alert.papersLate.body", { meeting, deadline: formatDate(L, short(a.deadline)) }),
        hint: tr("alert.papersLate.hint"),
        canRetry: false,
        canOpen: false,
      };
    }
    case "urgentCase": {
      const p = a.proposal;
      const d = (s: unknown) => formatDate(L, short(s));
      return {
        ...base,
        style: "attention",
        color: "Attention",
        toneLabel: `⚠ ${tr("agenda.urgent")}`,
        title: tr("alert.urgentCase.title", { code: short(a.caseId) }),
        body: tr("alert.urgentCase.body", { received: d(a.receivedAt), checkBy: d(p?.checkBy), papersBy: d(p?.papersBy), meetingDate: d(p?.meetingDate) }),
        hint: tr("alert.urgentCase.hint", { targetDate: d(p?.targetDate), meetingDate: d(p?.meetingDate) }),
        caseId: a.caseId,
        canRetry: false,
        canOpen: true,
      };
    }
    case "forecastBelow": {
      const meeting = short(view.meetingLabel ?? formatDate(L, str(a.meetingDate)));
      const lines = (Array.isArray(a.cases) ? a.cases : []).map((c) => {
        const subs = (Array.isArray(c.substitutes) ? c.substitutes : []).map((id) => short(view.names?.[id] ?? id));
        const status = tr("alert.forecastBelow.case", { code: short(c.caseId), expected: Number(c.expected) || 0, minimum: Number(c.minimum) || 0 });
        const fix = subs.length > 0 ? tr("alert.forecastBelow.askSubstitutes", { names: subs.join(", ") }) : tr("alert.forecastBelow.move");
        return `${status} ${fix}`;
      });
      return {
        ...base,
        style: "attention",
        color: "Attention",
        title: tr("alert.forecastBelow.title", { meeting }),
        body: lines.join("\n\n"),
        hint: tr("alert.forecastBelow.hint"),
        canRetry: false,
        canOpen: false,
      };
    }
    case "unacknowledged":
    default: {
      const u = a as Extract<AlertInfo, { kind: "unacknowledged" }>;
      return {
        ...base,
        title: tr("alert.unacknowledged.title", { code: short(u.caseId) }),
        body: tr("alert.unacknowledged.body", {
          recordId: short(u.recordId),
          recipient: short(view.recipientName ?? u.recipientId),
          sentAt: formatDate(L, short(u.sentAt)),
        }),
        hint: tr("alert.unacknowledged.hint"),
        caseId: str(u.caseId),
        canRetry: false,
        canOpen: true,
      };
    }
  }
}

// ── routing status list ─────────────────────────────────────────────────────

export interface RoutingStatusRow {
  caseId: string;
  caseCode: string;
  recordId: string;
  version: number;
  recipientName: string; // the applying HF's fagdirektør
  hfName: string;
  state: RoutingState;
  sentAt?: string;
  acknowledgedAt?: string;
  failedAt?: string;
  /** False when another attempt cannot succeed (no recipient on the roster): no "Send på nytt". */
  retryable?: boolean;
}

export interface RoutingStatusView {
  locale: Locale;
  rows: RoutingStatusRow[];
}

const STATE_COLOR: Record<RoutingState, string> = { pending: "Default", sending: "Accent", sent: "Accent", acknowledged: "Good", failed: "Attention" };
const STATUS_LIMITS = [
  { text: 120, rows: 60 },
  { text: 60, rows: 30 },
] as const;

export function renderRoutingStatus(view: RoutingStatusView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(statusTemplate, STATUS_LIMITS, (limit) => statusData(view, limit), { locale: view.locale, title: () => tr("routing.title") });
}

function statusData(view: RoutingStatusView, limit: (typeof STATUS_LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const all = Array.isArray(view.rows) ? view.rows : [];
  const rows = all.slice(0, limit.rows).map((r) => {
    const state: RoutingState = r.state in STATE_COLOR ? r.state : "pending";
    const dates = [
      r.sentAt ? tr("routing.sentAt", { date: formatDate(L, short(r.sentAt)) }) : "",
      r.acknowledgedAt ? tr("routing.acknowledgedAt", { date: formatDate(L, short(r.acknowledgedAt)) }) : "",
      r.failedAt ? tr("routing.failedAt", { date: formatDate(L, short(r.failedAt)) }) : "",
    ].filter(Boolean);
    return {
      caseId: r.caseId,
      recordId: r.recordId,
      heading: tr("routing.row", { code: short(r.caseCode), version: r.version }),
      recipient: `${short(r.recipientName)} · ${short(r.hfName)}`,
      dates: dates.join(" · ") || tr("routing.state.pending"),
      stateLabel: tr(`routing.state.${state}`),
      stateColor: STATE_COLOR[state],
      canRetry: state === "failed" && r.retryable !== false,
    };
  });
  const omitted = all.length - rows.length;
  return {
    title: tr("routing.title"),
    subtitle: tr("routing.summary", { acknowledged: all.filter((r) => r.state === "acknowledged").length, total: all.length }),
    isEmpty: all.length === 0,
    emptyText: tr("routing.empty"),
    rows,
    retryLabel: tr("routing.retry"),
    hasOmitted: omitted > 0,
    omittedText: tr("routing.omitted", { count: omitted }),
  };
}
