/**
 * The minutes (møteprotokoll) in words, section by section, in the reader's
 * language: the card, the PDF and the Markdown all say it this way. Dates and
 * times in Europe/Oslo; no price, no clinical text (the minutes hold none).
 */
import { DateTime } from "luxon";
import type { Minutes, MinutesAttendee, MinutesCase } from "../domain/minutes.js";
import { formatDate, t, type Locale, type MessageKey } from "../i18n/index.js";

export interface MinutesSection {
  heading: string;
  lines: string[];
}

export interface MinutesText {
  title: string;
  subtitle: string;
  sections: MinutesSection[];
  /** Who confirmed and approved, and the chair's requests for changes. */
  signOff: string[];
}

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A time of day in Oslo (14:05). */
export const osloTime = (iso: string): string => {
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.setZone("Europe/Oslo").toFormat("HH:mm") : iso;
};

export function minutesText(minutes: Minutes, locale: Locale, names: (personId: string) => string = (id) => id): MinutesText {
  const tr: Tr = (key, params) => t(locale, key, params);
  const notRecorded = tr("minutesText.notRecorded");
  const times = tr("minutesText.times", {
    start: minutes.startedAt ? osloTime(minutes.startedAt) : notRecorded,
    end: minutes.endedAt ? osloTime(minutes.endedAt) : notRecorded,
  });
  const { used, budget, limit } = minutes.time;
  const timeLine = used !== undefined ? tr("minutesText.timeUsed", { used, budget, limit }) : tr("minutesText.timeBudget", { budget, limit });
  const sections: MinutesSection[] = [
    { heading: tr("minutesText.section.time"), lines: [tr(`minutesText.kind.${minutes.kind}`), times, timeLine] },
    {
      heading: tr("minutesText.section.attendance"),
      lines: minutes.attendees.length > 0 ? minutes.attendees.map((a) => attendeeLine(tr, a)) : [tr("minutesText.noAttendance")],
    },
    ...minutes.cases.map((c) => ({ heading: caseHeading(tr, c), lines: caseLines(tr, c) })),
    {
      heading: tr("minutesText.section.notes"),
      lines: minutes.notes ? minutes.notes.split(/\r?\n/).filter((l) => l.trim().length > 0) : [tr("minutesText.noNotes")],
    },
  ];
  const signOff = [
    ...(minutes.supersedes ? [tr("minutesText.supersedes", { version: minutes.version - 1 })] : []),
    ...(minutes.confirmedAt ? [tr("minutesText.confirmed", { name: names(minutes.confirmedBy ?? ""), date: formatDate(locale, minutes.confirmedAt) })] : []),
    ...(minutes.approvedAt ? [tr("minutesText.approved", { name: names(minutes.approvedBy ?? ""), date: formatDate(locale, minutes.approvedAt) })] : []),
    ...(minutes.changeRequests ?? []).map((r) => tr("minutesText.changeRequested", { date: formatDate(locale, r.at), comment: r.comment })),
  ];
  return {
    title: tr("minutesText.title", { date: formatDate(locale, minutes.meetingDate) }),
    subtitle: tr(`minutesText.status.${minutes.status}`, { version: minutes.version }),
    sections,
    signOff,
  };
}

function attendeeLine(tr: Tr, a: MinutesAttendee): string {
  const who =
    a.role === "substitute"
      ? tr("minutesText.role.substitute", { name: a.name, member: a.standingInForName ?? "", hf: a.hfName ?? "" })
      : a.role === "member"
        ? tr("minutesText.role.member", { name: a.name, hf: a.hfName ?? "" })
        : a.role === "observer"
          ? tr("minutesText.role.observer", { name: a.name, organisation: a.organisation ?? "" })
          : a.role === "expert"
            ? tr("minutesText.role.expert", { name: a.name, cases: (a.expertFor ?? []).join(", ") || "–" })
            : tr(`minutesText.role.${a.role}`, { name: a.name });
  const when = tr(a.present ? "minutesText.presentSince" : "minutesText.leftAt", { time: osloTime(a.markedAt) });
  return `${who}, ${when}`;
}

function caseHeading(tr: Tr, c: MinutesCase): string {
  return tr(c.urgent ? "minutesText.caseUrgent" : "minutesText.case", { code: c.caseCode });
}

function caseLines(tr: Tr, c: MinutesCase): string[] {
  const declaredOnly = c.declaredConflicts.filter((x) => !c.recused.some((r) => r.personId === x.personId && r.reason === "declared"));
  const recusal = (r: MinutesCase["recused"][number]) => `${r.name} (${tr(`minutesText.recusal.${r.reason}`)})`;
  return [
    tr(`minutesText.outcome.${c.outcome}`),
    ...(c.deferralReason ? [tr("minutesText.deferralReason", { reason: c.deferralReason })] : []),
    ...(c.quorum ? [tr("minutesText.quorum", { participants: c.quorum.participants, minimum: c.quorum.minimum })] : []),
    ...(c.byConsensus ? [tr("minutesText.consensus")] : []),
    ...(c.recused.length > 0 ? [tr("minutesText.recused", { names: c.recused.map(recusal).join("; ") })] : []),
    // A declared conflict already named among the recused (as declared) is not said twice.
    ...(declaredOnly.length > 0 ? [tr("minutesText.conflicts", { names: declaredOnly.map((x) => x.name).join(", ") })] : []),
    c.minutesUsed !== undefined
      ? tr("minutesText.caseTime", { used: c.minutesUsed, budget: c.minutesBudget })
      : tr("minutesText.caseBudget", { budget: c.minutesBudget }),
  ];
}
