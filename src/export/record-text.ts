/**
 * The decision record as plain text, in bokmål or English: the standard short
 * format the coordinator sends to the applying HF (000 §6.3). Sections always
 * appear in the same order so recipients learn where to look. Every word comes
 * from the i18n catalogs (recordText.*), every date and amount from the one
 * formatter (src/i18n/format.ts); the Markdown and the PDF are made from this.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import type { Roster } from "../domain/roster.js";
import { formatDate, formatNok, t, type Locale, type MessageKey } from "../i18n/index.js";
import { criteriaLines, grantMeaningLines } from "./record-findings.js";

export function renderDecisionText(record: DecisionRecord, roster: Roster, locale: Locale = "nb"): string {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
  const date = (iso: string) => formatDate(locale, iso);
  const nameOf = (id: string) => roster.people.find((p) => p.id === id)?.name ?? id;
  const section = (heading: string, ...lines: string[]) => [heading, "-".repeat(heading.length), ...lines, ""];

  const cost = record.resourceUse;
  const costLines = cost.confidential
    ? [tr("recordText.confidential")]
    : [
        ...(cost.price !== undefined ? [`${tr("recordText.price")}: ${formatNok(locale, cost.price)}`] : []),
        ...(cost.treatmentCost !== undefined ? [`${tr("recordText.treatmentCost")}: ${formatNok(locale, cost.treatmentCost)}`] : []),
      ];
  const signature = [tr("recordText.drafted", { name: nameOf(record.draftedBy), date: date(record.draftedAt) })];
  if (record.confirmedBy && record.confirmedAt)
    signature.push(tr("recordText.confirmed", { name: nameOf(record.confirmedBy), date: date(record.confirmedAt) }));
  const recusal = (r: DecisionRecord["recused"][number]) =>
    r.reason === "declared" ? tr("recordText.recusal.declared", { text: r.text ?? "" }) : tr(`recordText.recusal.${r.reason}`);

  const lines = [
    tr("recordText.title"),
    ...(record.status === "draft" ? [tr("recordText.draft")] : []),
    ...(record.supersedes ? [tr("recordText.version", { version: record.version, supersedes: record.supersedes, reason: record.correctionReason ?? "" })] : []),
    "",
    ...section(tr("recordText.section.case"), record.caseCode, tr("recordText.meeting", { date: date(record.meetingDate) })),
    ...section(
      tr("recordText.section.method"),
      tr("recordText.methodLine", { name: record.method.name, id: record.method.nyeMetoderId, date: date(record.method.beslutningsforumDate) }),
    ),
    ...section(tr("recordText.section.applicant"), `${record.applyingHf.name}, ${record.applyingHf.regionName}`),
    ...section(
      tr("recordText.section.grounds"),
      ...record.grounds.map((g) => `- ${tr(`ground.${g.ground}`)}: ${tr(`recordText.finding.${g.finding}`)}${g.comment ? `. ${g.comment}` : ""}`),
    ),
    ...section(tr("recordText.section.criteria"), ...criteriaLines(record, tr)),
    ...section(tr("recordText.section.resourceUse"), ...costLines, ...(cost.note ? [cost.note] : [])),
    ...section(tr("recordText.section.outcome"), tr(`result.${record.outcome}`)),
    ...(record.outcome === "granted" ? section(tr("recordText.section.grantMeaning"), ...grantMeaningLines(record, tr)) : []),
    ...section(tr("recordText.section.reasoning"), record.reasoning),
    ...section(tr("recordText.section.conditions"), ...(record.conditions.length ? record.conditions.map((c) => `- ${c}`) : [tr("recordText.none")])),
    ...section(tr("recordText.section.groupLevel"), tr(record.groupLevelProposal ? "recordText.yes" : "recordText.no")),
    ...section(
      tr("recordText.section.participants"),
      ...record.participants.map(
        (p) =>
          `- ${p.name}, ${p.hfName}${p.standingInFor ? ` (${tr("recordText.standingInFor", { name: p.standingInForName ?? nameOf(p.standingInFor) })})` : ""}`,
      ),
      // Who stated a position and left before the conclusion: not a participant, but on the record with that position.
      ...(record.left ?? []).map((p) => `- ${tr("recordText.leftEntry", { name: p.name, hf: p.hfName, position: tr(`position.${p.position}`) })}`),
    ),
    ...section(
      tr("recordText.section.recused"),
      ...(record.recused.length ? record.recused.map((r) => `- ${r.name}, ${r.hfName}: ${recusal(r)}`) : [tr("recordText.none")]),
    ),
    ...section(tr("recordText.section.quorum"), tr("recordText.quorum", { participants: record.quorum.participants, minimum: record.quorum.minimum })),
    ...section(tr("recordText.section.legal"), tr("recordText.legal")),
    ...section(tr("recordText.section.signature"), ...signature),
  ];
  return lines.join("\n").trimEnd() + "\n";
}
