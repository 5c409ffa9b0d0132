/**
 * The minutes card (møteprotokoll, issue 14): the minutes in words (src/export/minutes-text.ts),
 * for the coordinator a notes field with *Lagre* / *Bekreft* while a draft, for the chair
 * *Godkjenn* / *Be om endring* while confirmed, and the PDF and Markdown for both.
 */
import type { Minutes } from "../domain/minutes.js";
import { minutesText } from "../export/minutes-text.js";
import type { Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import template from "./templates/minutes.json" with { type: "json" };

export type MinutesCardEvent = "drafted" | "approvalAsked" | "approved" | "changeRequested";

export interface MinutesCardView {
  locale: Locale;
  minutes: Minutes;
  /** Roster names by id (who confirmed and approved). */
  names: (personId: string) => string;
  /** Whose card: the coordinator edits a draft, the chair signs off confirmed minutes. */
  viewer: "coordinator" | "chair" | "other";
  /** What the card tells (a notification), if anything. */
  event?: MinutesCardEvent;
  /** Already translated problems from the last submit; notesValue keeps what was typed. */
  problems?: string[];
  notesValue?: string;
}

const LIMITS = [{ text: 4000 }, { text: 1500 }, { text: 500 }, { text: 150 }] as const;

export function renderMinutesCard(view: MinutesCardView): AdaptiveCard {
  const tr = translator(view.locale);
  const words = minutesText(view.minutes, view.locale, view.names);
  return fitCard(template, LIMITS, (limit) => minutesData(view, words, limit.text), { locale: view.locale, title: () => words.title });
}

function minutesData(view: MinutesCardView, words: ReturnType<typeof minutesText>, max: number): Record<string, unknown> {
  const tr = translator(view.locale);
  const m = view.minutes;
  const line = (s: string) => ({ text: clip(str(s), max).text });
  const problems = (view.problems ?? []).slice(0, 10).map((p) => ({ text: clip(str(p), 300).text }));
  const canEdit = view.viewer === "coordinator" && m.status === "draft";
  const canSignOff = view.viewer === "chair" && m.status === "confirmed";
  const note = view.event ? tr(`minutesCard.note.${view.event}`) : "";
  return {
    meetingId: str(m.meetingId),
    minutesId: str(m.id),
    headerStyle: m.status === "approved" ? "good" : m.status === "confirmed" ? "accent" : "emphasis",
    title: words.title,
    subtitle: words.subtitle,
    hasNote: note.length > 0,
    note,
    noteStyle: view.event === "changeRequested" ? "warning" : view.event === "approved" ? "good" : "accent",
    hasProblems: problems.length > 0,
    problems,
    sections: words.sections.map((s) => ({ heading: s.heading, lines: s.lines.map(line) })),
    hasSignOff: words.signOff.length > 0,
    signOff: words.signOff.map(line),
    canEdit,
    canSignOff,
    canRevise: view.viewer === "coordinator" && m.status === "approved",
    canExport: view.viewer !== "other",
    notesValue: clip(str(view.notesValue ?? m.notes), 4000).text,
    labels: {
      notes: tr("minutesCard.notesLabel"),
      notesError: tr("minutesCard.notesError"),
      save: tr("minutesCard.save"),
      confirm: tr("minutesCard.confirm"),
      approve: tr("signOff.approve"),
      requestChange: tr("signOff.requestChange"),
      changeCommentLabel: tr("signOff.changeCommentLabel"),
      changeCommentError: tr("signOff.changeCommentError"),
      submitChange: tr("signOff.submitChange"),
      revise: tr("minutesCard.revise"),
      pdf: tr("minutesCard.pdf"),
      markdown: tr("minutesCard.markdown"),
    },
  };
}
