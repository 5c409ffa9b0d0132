/**
 * Help that fits the person: what this person can do here, by their role and
 * the kind of chat — the welcome card in a new 1:1 chat, the «hjelp» card,
 * and, for a message that is no command, the closest command words this
 * person may use here (by edit distance, in their language).
 */
import { coordinators, hfRef } from "../app/people.js";
import { receivesDecisions } from "../app/waiting-cases.js";
import type { Person, Roster } from "../domain/roster.js";
import { catalogs, t, type Locale, type MessageKey } from "../i18n/index.js";
import { command, type AnyCommand } from "./command.js";
import { noticeCard } from "./replies.js";

type Where = "personal" | "chat";

/** The lines that say what this person can do in this kind of chat. */
export function roleLines(roster: Roster, person: Person | undefined, locale: Locale, where: Where): string[] {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  if (!person) {
    const names = coordinators(roster)
      .map((p) => p.name)
      .join(", ");
    return [tr("help.personal.notOnRoster", { names: names || tr("role.coordinator") })];
  }
  const hf = hfRef(roster, person.hfId).name;
  const decisions = receivesDecisions(person) ? [tr("help.personal.fagdirektor", { hf })] : [];
  if (where === "chat") {
    switch (person.role) {
      case "member":
      case "substitute":
        return [tr("help.line.agenda"), tr("help.line.attendance"), tr("help.line.position"), tr("help.line.conflict"), tr("help.line.privacy")];
      case "chair":
        return [tr("help.line.agenda"), tr("help.chair"), tr("help.chat.next"), tr("help.meetingMinutes"), tr("help.line.privacy")];
      case "coordinator":
        return [tr("help.line.agenda"), tr("help.chat.coordinator"), tr("help.line.privacy")];
      default:
        return [tr("help.line.agenda"), tr("help.chat.reader"), tr("help.line.privacy")];
    }
  }
  switch (person.role) {
    case "member":
      return [tr("help.personal.papers"), tr("help.personal.inMeeting"), ...decisions, tr("help.line.privacy")];
    case "substitute":
      return [tr("help.personal.papers"), tr("help.personal.inMeeting"), tr("help.personal.substitute"), ...decisions, tr("help.line.privacy")];
    case "chair":
      return [tr("help.personal.chair"), tr("help.meetingMinutes"), tr("help.line.privacy")];
    case "coordinator":
      return [
        tr("help.personal.intake"),
        tr("help.personal.sendPapers"),
        tr("help.agenda"),
        tr("help.minutes"),
        tr("help.meetingMinutes"), // issue 14: the minutes
        tr("help.personal.records"),
        tr("help.personal.followUps"),
        tr("help.files"),
        tr("help.reportPeriod"), // issue 15
        tr("help.line.privacy"),
      ];
    case "hfContact":
      // A fagdirektør outside the committee: decisions and «Mottatt», no check-in, no positions.
      return [...decisions, tr("help.personal.fagdirektorList"), tr("help.line.privacy")];
    case "observer":
      return [tr("help.personal.observer"), tr("help.line.privacy")];
    case "expert":
      return [tr("help.personal.expert"), tr("help.line.privacy")];
  }
}

/** The «hjelp» card for this person in this kind of chat. */
export function helpCard(roster: Roster, person: Person | undefined, locale: Locale, where: Where): object {
  return noticeCard(locale, t(locale, "help.title"), roleLines(roster, person, locale, where), person ? "info" : "warning");
}

/** The welcome card in a new 1:1 chat with the bot. */
export function welcomeCard(roster: Roster, person: Person | undefined, locale: Locale): object {
  const intro = person ? t(locale, "welcome.intro", { name: person.name }) : t(locale, "welcome.introStranger");
  return noticeCard(
    locale,
    t(locale, "welcome.title"),
    [intro, ...roleLines(roster, person, locale, "personal"), t(locale, "help.more")],
    person ? "info" : "warning",
  );
}

export const HELP_COMMAND = command({
  words: "command.help",
  scope: "any",
  open: true,
  handle: async (e) =>
    void (await e.io.sendCard(helpCard(e.app.svc.roster, e.io.turn.actor?.person, e.io.turn.locale, e.io.turn.isPersonal ? "personal" : "chat"))),
});

// ── not understood: the closest command words ──────────────────────────────

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Words shorter than this ("?", "md") are never suggested: anything is close to them. */
const MIN_SUGGESTED = 3;

/**
 * The command words closest to what was typed, among the commands this person
 * may use in this kind of chat, in their language; at most three, closest first.
 * Each word form is compared with as many typed words as it has ("sett opp").
 */
export function closestWords(typed: string, commands: readonly AnyCommand[], locale: Locale): string[] {
  const words = typed.toLowerCase().split(" ").filter(Boolean);
  if (words.length === 0) return [];
  const scored = new Map<string, number>();
  for (const c of commands) {
    for (const form of catalogs[locale][c.words].split("|").map((w) => w.trim().toLowerCase())) {
      if (form.length < MIN_SUGGESTED) continue;
      const n = form.split(" ").length;
      const d = editDistance(words.slice(0, n).join(" "), form);
      if (d > Math.max(1, Math.floor(form.length / 3))) continue;
      scored.set(form, Math.min(d, scored.get(form) ?? Infinity));
    }
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([w]) => w);
}

/** "Det forstod jeg ikke. Mente du «sakliste» eller «saker»? …" */
export function notUnderstood(locale: Locale, suggestions: readonly string[]): string {
  if (suggestions.length === 0) return t(locale, "unknown.none");
  const quoted = suggestions.map((word) => t(locale, "unknown.word", { word }));
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} ${t(locale, "unknown.or")} ${quoted.at(-1)!}`;
  return t(locale, "unknown.didYouMean", { suggestions: list });
}
