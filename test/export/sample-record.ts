/** A confirmed decision record on the demo roster, for export tests and the PNG tool. */
import { confirm, draftDecisionRecord, type DecisionRecord } from "../../src/domain/decision-record.js";
import type { Roster } from "../../src/domain/roster.js";
import { demoRoster, sampleCase } from "../domain/fixtures.js";

export function sampleRecord(roster: Roster = demoRoster()): DecisionRecord {
  const theCase = sampleCase({
    applyingHfId: "helse-bergen",
    status: "granted",
    grounds: [
      { ground: "increasedBenefit", reasoning: "Pasienten har en mutasjon som gir vesentlig større forventet nytte enn gruppen." },
      { ground: "higherSeverity", reasoning: "Pasienten er vesentlig yngre enn gruppen og har et stort absolutt prognosetap." },
    ],
    cost: { currency: "NOK", price: 1234567, treatmentCost: 2450000, confidential: false, note: "Pris fra Sykehusinnkjøp, gyldig til 31.12." },
  });
  const drafted = draftDecisionRecord({
    case: theCase,
    roster,
    meeting: { id: "M-2026-11-27", date: "2026-11-27", startsAt: "2026-11-27T09:00:00+01:00", kind: "regular", agenda: [theCase.id] },
    conclusion: {
      caseId: theCase.id,
      meetingId: "M-2026-11-27",
      result: "granted",
      by: "chair",
      at: "2026-11-27T10:12:00+01:00",
      participants: ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "m-nord-2", "s-nord-1"],
      recused: [
        { personId: "m-vest-1", reason: "ownHf" },
        { personId: "m-vest-2", reason: "Har tidligere behandlet pasienten ved Haukeland" },
      ],
    },
    assessments: [
      { ground: "increasedBenefit", finding: "met", comment: "Dokumentert i en publisert fase II-studie med biomarkør som pasienten har." },
      { ground: "higherSeverity", finding: "met", comment: "" },
    ],
    criteria: {
      benefit: { finding: "met", comment: "Stor forventet klinisk nytte for denne pasienten." },
      severity: { finding: "met", comment: "" },
      resourceUse: { finding: "met", comment: "Ressursbruken står i et rimelig forhold til nytten." },
    },
    reasoning:
      "Komiteen finner det sannsynliggjort at pasienten har vesentlig større nytte av behandlingen enn gjennomsnittet i gruppen " +
      "Beslutningsforum vurderte, og at prioriteringskriteriene nytte, ressursbruk og alvorlighet er oppfylt for denne pasienten. " +
      "Ressursbruken står i et rimelig forhold til forventet nytte. Komiteen har ikke lagt vekt på personlige eller sosiale forhold. " +
      "Særlige tegn: æ ø å Æ Ø Å – § “sitat”.",
    conditions: [
      "Effekten evalueres etter tre måneder, og behandlingen avsluttes ved manglende respons.",
      "Søkende HF rapporterer utfallet til sekretariatet.",
    ],
    groupLevelProposal: true,
    draftedBy: "coord",
    at: "2026-11-27T11:00:00+01:00",
  });
  if (!drafted.ok) throw new Error(`sample record: ${drafted.reason.code}`);
  const confirmed = confirm(drafted.value, "coord", "2026-11-27T14:30:00+01:00");
  if (!confirmed.ok) throw new Error(`sample record: ${confirmed.reason.code}`);
  return confirmed.value;
}
