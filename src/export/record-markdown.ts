/**
 * The decision record as Markdown and as titled sections, both taken from the
 * standard text (record-text.ts), so the chat message, the
 * Markdown file and the PDF always say the same thing in the same order.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import { renderDecisionText } from "./record-text.js";
import { patientSummarySection } from "./patient-summary.js";
import type { Locale as RecordLocale } from "../i18n/index.js";
import type { Roster } from "../domain/roster.js";

export interface RecordSection {
  heading: string;
  /** Body lines; a line starting with "- " is a list item. */
  lines: string[];
}

export interface RecordLayout {
  /** The standard text's own title ("Avgjørelse fra interregional vurderingskomité – Tilgangsordningen"). */
  title: string;
  /** Lines before the first section: the draft mark, the correction note. */
  preamble: string[];
  sections: RecordSection[];
}

/**
 * Splits the standard text into its sections. A heading is a line followed by
 * a line of dashes of the same length (how renderDecisionText writes them).
 */
export function recordSections(record: DecisionRecord, roster: Roster, locale: RecordLocale = "nb"): RecordLayout {
  const lines = renderDecisionText(record, roster, locale).replace(/\r\n?/g, "\n").split("\n");
  const isHeadingAt = (i: number) => {
    const line = lines[i] ?? "";
    const under = lines[i + 1] ?? "";
    return line.trim().length > 0 && under.length === line.length && /^-+$/.test(under);
  };
  const title = lines[0] ?? "";
  const preamble: string[] = [];
  const sections: RecordSection[] = [];
  let current: RecordSection | undefined;
  for (let i = 1; i < lines.length; i++) {
    if (isHeadingAt(i)) {
      current = { heading: lines[i] ?? "", lines: [] };
      sections.push(current);
      i++; // the dashes
      continue;
    }
    const line = lines[i] ?? "";
    if (current) current.lines.push(line);
    else if (line.trim()) preamble.push(line);
  }
  for (const s of sections) {
    while (s.lines.length > 0 && !s.lines.at(-1)?.trim()) s.lines.pop();
  }
  // Issue 14: the plain-language summary for the patient goes with a decided record (PDF and Markdown alike).
  if (record.outcome === "granted" || record.outcome === "rejected") sections.push(patientSummarySection(record, locale));
  return { title, preamble, sections };
}

/** Escapes text so Markdown shows it as written (no accidental emphasis, links or HTML). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#~])/g, "\\$1").replace(/^(\s*)([-+]|\d+\.)(\s)/, "$1\\$2$3");
}

export function recordToMarkdown(record: DecisionRecord, roster: Roster, locale: RecordLocale = "nb"): string {
  const layout = recordSections(record, roster, locale);
  const out: string[] = [`# ${escapeMarkdown(layout.title)}`, ""];
  for (const p of layout.preamble) out.push(`**${escapeMarkdown(p)}**`, "");
  for (const s of layout.sections) {
    out.push(`## ${escapeMarkdown(s.heading)}`, "");
    let inList = false;
    for (const line of s.lines) {
      if (line.startsWith("- ")) {
        out.push(`- ${escapeMarkdown(line.slice(2))}`);
        inList = true;
        continue;
      }
      if (inList) out.push("");
      inList = false;
      if (line.trim()) out.push(escapeMarkdown(line), "");
    }
    if (inList) out.push("");
  }
  return out.join("\n").trimEnd() + "\n";
}
