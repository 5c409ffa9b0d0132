import { readFileSync } from "node:fs";
import { RosterFileSchema } from "../../src/domain/roster-schema.js";
import type { Roster } from "../../src/domain/roster.js";
import type { Case } from "../../src/domain/case.js";

/** The demo roster, parsed fresh each call so tests can change it freely. */
export const demoRoster = (): Roster => RosterFileSchema.parse(JSON.parse(readFileSync(new URL("../../src/demo/roster.json", import.meta.url), "utf8")));

/** What the source requires of an application (issue 13), all stated. */
export const completeRequirements = () => ({
  patientConsent: true,
  sentByTreatingHfOrRegionalHospital: true,
  reviewedWithRegionalHospital: false,
  clearedWithCatchmentHf: true,
  priceCheckedBySykehusinnkjop: true,
  notMarketedInNorway: false,
  availabilityAndPriceClarified: false,
  reassessment: false,
});

/** A complete application as submitted (before parsing). */
export const validInput = () => ({
  method: { name: "Metode X", nyeMetoderId: "ID2023_045", beslutningsforumDate: "2024-03-18" },
  applyingHfId: "helse-stavanger",
  grounds: [{ ground: "increasedBenefit", reasoning: "Pasienten har en mutasjon som gir vesentlig større forventet nytte enn gruppen." }],
  priority: { benefit: "Forventet gevinst 2 leveår", severity: "Høy", resourceUse: "Om lag 1,2 mill. kr" },
  cost: { price: 120000, confidential: true },
  urgent: false,
  attachments: [{ title: "Publisert studie", ref: "doc://archive/123" }],
  approvedByFagdirektor: true,
  requirements: completeRequirements(),
  receivedAt: "2026-11-02T10:15:00+01:00",
});

/** A complete case from Helse Stavanger (an HF with no committee member). */
export const sampleCase = (over: Partial<Case> = {}): Case => ({
  id: "TO-2026-014",
  code: "TO-2026-014",
  method: { name: "Metode X", nyeMetoderId: "ID2023_045", beslutningsforumDate: "2024-03-18" },
  applyingHfId: "helse-stavanger",
  grounds: [{ ground: "increasedBenefit", reasoning: "Pasienten har en mutasjon som gir vesentlig større forventet nytte enn gruppen." }],
  priority: { benefit: "Forventet gevinst 2 leveår", severity: "Høy", resourceUse: "Om lag 1,2 mill. kr" },
  cost: { currency: "NOK", price: 120000, confidential: true },
  urgent: false,
  attachments: [{ title: "Publisert studie", ref: "doc://archive/123" }],
  approvedByFagdirektor: true,
  requirements: completeRequirements(),
  receivedAt: "2026-11-02T10:15:00+01:00",
  status: "received",
  returns: [],
  ...over,
});
