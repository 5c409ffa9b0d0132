/**
 * Issue 14's parts of the record's standard text (record-text.ts): the
 * committee's finding on each priority criterion, and what a grant means.
 * Kept apart so the sections other work adds to the text merge beside them.
 */
import { criteriaOf, PRIORITY_CRITERIA, type DecisionRecord } from "../domain/decision-record.js";
import type { MessageKey } from "../i18n/index.js";

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One line per priority criterion (nytte, alvorlighet, ressursbruk): its finding and the committee's comment. */
export function criteriaLines(record: DecisionRecord, tr: Tr): string[] {
  const criteria = criteriaOf(record);
  return PRIORITY_CRITERIA.map((c) => {
    const a = criteria[c];
    return `- ${tr(`priority.${c}`)}: ${tr(`recordText.finding.${a.finding}`)}${a.comment ? `. ${a.comment}` : ""}`;
  });
}

/** What a grant means (a system decision: the HF funds it, the treating doctor decides whether to use it); nothing for a rejection. */
export function grantMeaningLines(record: DecisionRecord, tr: Tr): string[] {
  return record.outcome === "granted" ? [tr("decision.grantedMeaning")] : [];
}
