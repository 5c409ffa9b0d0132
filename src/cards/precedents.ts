/**
 * The earlier decisions on a method as lines a person reads (issue 15): one
 * line per precedent — case code, date, outcome, applying region, the grounds
 * found met — most recent first, and "and K more". Used by the case brief card
 * and the meeting book tab, so both say it the same way.
 */
import type { Precedents } from "../domain/precedents.js";
import { formatDate, t, type Locale, type MessageKey } from "../i18n/index.js";

export interface PrecedentLines {
  heading: string;
  lines: string[];
  /** "… and K more", empty when none were left out. */
  more: string;
  /** Said when there is no earlier decision. */
  none: string;
}

export function precedentLines(locale: Locale, nyeMetoderId: string, precedents: Precedents, clipName: (s: string) => string = (s) => s): PrecedentLines {
  const lines = precedents.shown.map((p) => {
    const grounds = p.groundsMet.map((g) => t(locale, `ground.${g}` as MessageKey).toLowerCase());
    return t(locale, "precedents.row", {
      code: clipName(p.caseCode),
      date: formatDate(locale, p.decidedOn),
      outcome: t(locale, `result.${p.outcome}`),
      region: clipName(p.regionName || t(locale, "precedents.regionUnknown")),
      grounds: grounds.length > 0 ? t(locale, "precedents.groundsMet", { grounds: grounds.join(", ") }) : t(locale, "precedents.noGroundsMet"),
    });
  });
  return {
    heading: t(locale, "precedents.heading", { nyeMetoderId: clipName(nyeMetoderId) }),
    lines,
    more: precedents.more > 0 ? t(locale, "precedents.more", { count: String(precedents.more) }) : "",
    none: lines.length === 0 ? t(locale, "precedents.none") : "",
  };
}
