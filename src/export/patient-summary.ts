/**
 * Issue 14: the plain-language summary for the patient that goes with each
 * routed decision, for the treating doctor to use in talking with the
 * patient: the outcome, what it means, what happens next, and the complaint
 * route to Statsforvalteren under pasient- og brukerrettighetsloven § 7-2.
 * In bokmål, or English where the record is read in English. Case code only:
 * never the patient's identity. One pure function, so the HF's decision card,
 * the record's PDF and its Markdown say the same.
 */
import type { DecisionRecord } from "../domain/decision-record.js";
import { t, type Locale } from "../i18n/index.js";

export interface PatientSummary {
  heading: string;
  /** For the doctor, not the patient: how to use the text. */
  intro: string;
  /** The text for the patient, one paragraph each: outcome, meaning, next, complaint route. */
  paragraphs: string[];
}

export function patientSummary(record: Pick<DecisionRecord, "caseCode" | "outcome" | "method">, locale: Locale = "nb"): PatientSummary {
  const granted = record.outcome === "granted";
  const params = { code: record.caseCode, method: record.method?.name ?? "" };
  return {
    heading: t(locale, "patientSummary.heading"),
    intro: t(locale, "patientSummary.intro", { code: record.caseCode }),
    paragraphs: [
      t(locale, granted ? "patientSummary.granted.outcome" : "patientSummary.rejected.outcome", params),
      t(locale, granted ? "patientSummary.granted.meaning" : "patientSummary.rejected.meaning"),
      t(locale, granted ? "patientSummary.granted.next" : "patientSummary.rejected.next"),
      t(locale, "patientSummary.complaint"),
    ],
  };
}

/** The summary as a record section (heading and lines), for the PDF and the Markdown (src/export/record-markdown.ts). */
export function patientSummarySection(record: DecisionRecord, locale: Locale = "nb"): { heading: string; lines: string[] } {
  const s = patientSummary(record, locale);
  return { heading: s.heading, lines: [s.intro, "", ...s.paragraphs.flatMap((p, i) => (i === 0 ? [p] : ["", p]))] };
}
