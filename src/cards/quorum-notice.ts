/**
 * What the bot says when the case in hand stops being quorate, or is quorate
 * again: in the meeting chat, and on the page the chair's in-meeting
 * notification shows (src/http/quorum-page.ts). One wording for both.
 */
import { t, type Locale } from "../i18n/index.js";
import { clip } from "./card.js";

export interface QuorumNoticeView {
  code: string;
  quorate: boolean;
  eligible: number;
  minimum: number;
  needed: number;
  /** Names of the members absent. */
  absentMembers: string[];
  /** Substitutes who could stand in, by name, with the member they would stand in for. */
  possibleStandIns: { name: string; memberName: string }[];
  blockedByCatchmentPolicy: boolean;
}

const name = (s: string) => clip(String(s ?? ""), 120).text;

/** The notice as lines of plain text, in the locale. */
export function quorumNoticeLines(locale: Locale, view: QuorumNoticeView): string[] {
  const code = clip(String(view.code ?? ""), 30).text;
  if (view.quorate) return [t(locale, "quorum.regained", { code, eligible: view.eligible, minimum: view.minimum })];
  const lines = [t(locale, "quorum.lost", { code, eligible: view.eligible, minimum: view.minimum, needed: view.needed })];
  if (view.absentMembers.length > 0) lines.push(t(locale, "quorum.absent", { list: view.absentMembers.slice(0, 16).map(name).join(", ") }));
  if (view.possibleStandIns.length > 0) {
    const list = view.possibleStandIns
      .slice(0, 16)
      .map((s) => t(locale, "quorum.standIn", { name: name(s.name), member: name(s.memberName) }))
      .join(", ");
    lines.push(t(locale, "quorum.standIns", { list }));
  } else {
    lines.push(t(locale, "quorum.noStandIns"));
  }
  if (view.blockedByCatchmentPolicy) lines.push(t(locale, "caseBrief.catchmentPolicy"));
  return lines;
}
