/** A simple message card: help, roster breaches for the coordinator, errors. */
import { t, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, expand, fitCard } from "./card.js";
import template from "./templates/notice.json" with { type: "json" };

export type NoticeTone = "info" | "warning" | "error";

export interface NoticeView {
  locale: Locale;
  title: string; // already translated
  lines: string[]; // already translated, one paragraph each
  tone: NoticeTone;
}

const TONE = {
  info: { style: "accent", color: "Accent", icon: "ℹ", key: "notice.info" },
  warning: { style: "warning", color: "Warning", icon: "⚠", key: "notice.warning" },
  error: { style: "attention", color: "Attention", icon: "⛔", key: "notice.error" },
} as const;

const LIMITS = [
  { text: 2000, lines: 60 },
  { text: 500, lines: 40 },
  { text: 200, lines: 20 },
  { text: 100, lines: 5 },
];

export function renderNotice(view: NoticeView): AdaptiveCard {
  return fitCard(
    template,
    LIMITS,
    (limit) => noticeData(view, limit),
    () => expand(template, noticeData({ ...view, title: clip(view.title, 100).text, lines: [] }, { text: 100, lines: 0 })),
  );
}

function noticeData(view: NoticeView, limit: { text: number; lines: number }): Record<string, unknown> {
  const L = view.locale;
  const tone = TONE[view.tone] ?? TONE.info;
  const lines = view.lines.slice(0, limit.lines).map((line) => ({ text: clip(String(line ?? ""), limit.text).text }));
  const omitted = view.lines.length - lines.length;
  return {
    style: tone.style,
    color: tone.color,
    toneLabel: `${tone.icon} ${t(L, tone.key)}`,
    title: clip(String(view.title ?? ""), Math.min(limit.text, 300)).text,
    lines,
    linesOmitted: omitted > 0,
    omittedText: t(L, "notice.linesOmitted", { count: omitted }),
  };
}
