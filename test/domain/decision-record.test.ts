import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  confirm,
  correct,
  draftDecisionRecord,
  findingsHold,
  PRIORITY_CRITERIA,
  type CriteriaAssessment,
  type DraftInput,
  type Finding,
} from "../../src/domain/decision-record.js";
import { renderDecisionText } from "../../src/export/record-text.js";
import type { Meeting } from "../../src/domain/meeting.js";
import { demoRoster, sampleCase } from "./fixtures.js";

const roster = demoRoster();
const meeting: Meeting = { id: "M-2026-11-27", date: "2026-11-27", startsAt: "2026-11-27T09:00:00.000+01:00", kind: "regular", agenda: ["TO-2026-021"] };
const theCase = sampleCase({
  id: "TO-2026-021",
  code: "TO-2026-021",
  applyingHfId: "helse-bergen",
  status: "granted",
  cost: { currency: "NOK", price: 1250000, confidential: false },
  grounds: [
    { ground: "increasedBenefit", reasoning: "Pasienten har en mutasjon som gir vesentlig større forventet nytte." },
    { ground: "higherSeverity", reasoning: "Pasienten er 24 år, mens gruppen hadde median alder 67." },
  ],
});
const input = (over: Partial<DraftInput> = {}): DraftInput => ({
  case: theCase,
  roster,
  meeting,
  conclusion: {
    caseId: "TO-2026-021",
    meetingId: "M-2026-11-27",
    result: "granted",
    by: "chair",
    at: "2026-11-27T09:40:00+01:00",
    participants: ["m-sorost-1", "m-sorost-2", "m-midt-1", "s-nord-2"],
    recused: [
      { personId: "m-vest-1", reason: "ownHf" },
      { personId: "m-midt-2", reason: "Har behandlet pasienten tidligere" },
    ],
  },
  assessments: [
    { ground: "higherSeverity", finding: "met", comment: "Betydelig absolutt prognosetap." },
    { ground: "increasedBenefit", finding: "notAssessed", comment: "" },
  ],
  reasoning: "Komiteen finner det sannsynlig at prioriteringskriteriene er oppfylt for denne pasienten.",
  conditions: ["Effekt evalueres etter tre måneder."],
  groupLevelProposal: true,
  draftedBy: "coord",
  at: "2026-11-27T11:00:00+01:00",
  ...over,
});
const draft = () => {
  const r = draftDecisionRecord(input());
  if (!r.ok) throw new Error(r.reason.code);
  return r.value;
};
const code = (r: { ok: boolean; reason?: { code: string } }) => (r.ok ? "ok" : r.reason?.code);
const criteria = (benefit: Finding, severity: Finding, resourceUse: Finding): CriteriaAssessment => ({
  benefit: { finding: benefit, comment: "" },
  severity: { finding: severity, comment: "" },
  resourceUse: { finding: resourceUse, comment: "" },
});
/** A draft the committee has assessed in full: every claimed ground and every criterion met. */
const assessedDraft = (over: Partial<DraftInput> = {}) => {
  const r = draftDecisionRecord(
    input({
      assessments: [
        { ground: "higherSeverity", finding: "met", comment: "Betydelig absolutt prognosetap." },
        { ground: "increasedBenefit", finding: "met", comment: "" },
      ],
      criteria: criteria("met", "met", "met"),
      ...over,
    }),
  );
  if (!r.ok) throw new Error(r.reason.code);
  return r.value;
};

describe("drafting a decision record", () => {
  it("keeps that the case was urgent (hastesak), and says nothing of it for an ordinary case", () => {
    const urgent = draftDecisionRecord(input({ case: { ...theCase, urgent: true } }));
    expect(urgent.ok && urgent.value.urgent).toBe(true);
    expect(draft()).not.toHaveProperty("urgent");
  });

  it("carries the case, method, applicant, outcome and proposal", () => {
    expect(draft()).toMatchObject({
      id: "TO-2026-021-v1",
      caseCode: "TO-2026-021",
      version: 1,
      status: "draft",
      meetingDate: "2026-11-27",
      method: { nyeMetoderId: "ID2023_045" },
      applyingHf: { id: "helse-bergen", regionId: "helse-vest", regionName: "Helse Vest RHF" },
      outcome: "granted",
      groupLevelProposal: true,
      quorum: { participants: 4, minimum: 4 },
      legalNote: { enkeltvedtak: false, appealInNyeMetoder: false, complaintTo: "Statsforvalteren" },
    });
  });
  it("lists the assessment of each claimed ground in the order claimed", () => {
    expect(draft().grounds.map((g) => [g.ground, g.finding])).toEqual([
      ["increasedBenefit", "notAssessed"],
      ["higherSeverity", "met"],
    ]);
  });
  it("names participants with their HF, and a substitute with the member they stand in for", () => {
    expect(draft().participants).toContainEqual({
      personId: "s-nord-2",
      name: "Rune Alstahaug",
      hfName: "Helgelandssykehuset HF",
      standingInFor: "m-nord-2",
      standingInForName: "Tor Magne Hamarøy",
    });
  });
  it("records who was recused and why", () => {
    expect(draft().recused.map((r) => [r.personId, r.reason, r.text])).toEqual([
      ["m-vest-1", "ownHf", undefined],
      ["m-midt-2", "declared", "Har behandlet pasienten tidligere"],
    ]);
  });
  it("carries a declared conflict's own words, kept beside its reason code", () => {
    const conclusion = { ...input().conclusion, recused: [{ personId: "m-midt-2", reason: "declared", text: "Har behandlet pasienten tidligere" }] };
    const r = draftDecisionRecord(input({ conclusion }));
    if (!r.ok) throw new Error(r.reason.code);
    expect(r.value.recused).toEqual([
      { personId: "m-midt-2", name: "Jostein Rindal", hfName: "Helse Møre og Romsdal HF", reason: "declared", text: "Har behandlet pasienten tidligere" },
    ]);
    const text = renderDecisionText(r.value, roster, "nb");
    expect(text).toContain("erklært inhabil: Har behandlet pasienten tidligere");
    expect(text).not.toContain("erklært inhabil: declared");
  });
  it("names who stated a position and left before the conclusion, with that position, apart from the participants", () => {
    const conclusion = { ...input().conclusion, left: [{ personId: "m-nord-1", position: "reject" as const }] };
    const r = draftDecisionRecord(input({ conclusion }));
    if (!r.ok) throw new Error(r.reason.code);
    expect(r.value.left).toEqual([{ personId: "m-nord-1", name: "Elin Karlsøy", hfName: "Universitetssykehuset Nord-Norge HF", position: "reject" }]);
    expect(r.value.participants.map((p) => p.personId)).not.toContain("m-nord-1");
    expect(renderDecisionText(r.value, roster, "nb")).toContain(
      "- Elin Karlsøy, Universitetssykehuset Nord-Norge HF: forlot møtet før konklusjonen; standpunkt da: Avslå",
    );
    expect(renderDecisionText(r.value, roster, "en")).toContain(
      "- Elin Karlsøy, Universitetssykehuset Nord-Norge HF: left the meeting before the conclusion; position then: Reject",
    );
    expect(draft().left).toBeUndefined();
  });
  it("refuses a deferred conclusion: there is nothing to record", () => {
    expect(code(draftDecisionRecord(input({ conclusion: { ...input().conclusion, result: "deferred", reason: "x" } })))).toBe("record.notDecided");
  });
  it("refuses a conclusion from another meeting", () => {
    expect(code(draftDecisionRecord(input({ conclusion: { ...input().conclusion, meetingId: "M-other" } })))).toBe("record.mismatch");
  });
  it("needs the committee's assessment of every claimed ground", () => {
    const r = draftDecisionRecord(input({ assessments: [{ ground: "higherSeverity", finding: "met", comment: "" }] }));
    expect(r.ok ? "ok" : r.reason).toEqual({ code: "record.groundAssessmentMissing", params: { ground: "increasedBenefit" } });
  });
  it("refuses an assessment of a ground the application did not claim", () => {
    const assessments = [...input().assessments, { ground: "specialMedicalReasons" as const, finding: "met" as const, comment: "" }];
    expect(code(draftDecisionRecord(input({ assessments })))).toBe("record.groundNotClaimed");
  });
  it("refuses a record with fewer than 4 participants", () => {
    expect(code(draftDecisionRecord(input({ conclusion: { ...input().conclusion, participants: ["m-sorost-1", "m-sorost-2", "m-midt-1"] } })))).toBe(
      "record.notQuorate",
    );
  });
  it("refuses the chair or an observer as a participant", () => {
    expect(code(draftDecisionRecord(input({ conclusion: { ...input().conclusion, participants: ["m-sorost-1", "m-sorost-2", "m-midt-1", "chair"] } })))).toBe(
      "record.unknownParticipant",
    );
  });
  it("refuses a national id in the reasoning or a condition", () => {
    expect(code(draftDecisionRecord(input({ reasoning: "Pasient 15057543288" })))).toBe("privacy.nationalIdInText");
    expect(code(draftDecisionRecord(input({ conditions: ["150575 43288"] })))).toBe("privacy.nationalIdInText");
  });
});

describe("confirming and correcting", () => {
  const confirmed = () => {
    const r = confirm(assessedDraft(), "coord", "2026-11-27T14:00:00+01:00");
    if (!r.ok) throw new Error(r.reason.code);
    return r.value;
  };
  it("confirms a draft, recording who and when", () => {
    expect(confirmed()).toMatchObject({ status: "confirmed", confirmedBy: "coord", confirmedAt: "2026-11-27T14:00:00+01:00", version: 1 });
  });
  it("refuses to confirm a draft without reasoning", () => {
    const r = draftDecisionRecord(input({ reasoning: " " }));
    expect(r.ok && code(confirm(r.value, "coord", "2026-11-27T14:00:00+01:00"))).toBe("record.reasoningMissing");
  });
  it("refuses to confirm twice", () => {
    expect(code(confirm(confirmed(), "coord", "2026-11-28T09:00:00+01:00"))).toBe("record.alreadyConfirmed");
  });
  it("keeps a confirmed record frozen", () => {
    const rec = confirmed() as { reasoning: string };
    expect(() => {
      rec.reasoning = "changed";
    }).toThrow();
  });
  it("corrects a confirmed record as a new draft version that supersedes it", () => {
    const original = confirmed();
    const r = correct(original, { conditions: ["Effekt evalueres etter seks måneder."] }, "Feil tidsfrist i vilkår", "coord", "2026-11-30T10:00:00+01:00");
    expect(r.ok && r.value).toMatchObject({
      id: "TO-2026-021-v2",
      version: 2,
      status: "draft",
      supersedes: "TO-2026-021-v1",
      correctionReason: "Feil tidsfrist i vilkår",
      conditions: ["Effekt evalueres etter seks måneder."],
      outcome: "granted",
    });
    expect(r.ok && r.value.confirmedBy).toBeUndefined();
    expect(original.conditions).toEqual(["Effekt evalueres etter tre måneder."]);
  });
  it("refuses to correct a draft, which is simply edited", () => {
    expect(code(correct(draft(), { reasoning: "x" }, "why", "coord", "2026-11-30T10:00:00+01:00"))).toBe("record.notConfirmed");
  });
  it("refuses a correction without a reason", () => {
    expect(code(correct(confirmed(), { reasoning: "x" }, "  ", "coord", "2026-11-30T10:00:00+01:00"))).toBe("record.correctionReasonMissing");
  });
});

describe("decision text", () => {
  it("is written in bokmål with the standard sections and the legal note", () => {
    const text = renderDecisionText(draft(), roster, "nb");
    for (const heading of [
      "Sak",
      "Metode",
      "Søkende helseforetak",
      "Ressursbruk",
      "Konklusjon",
      "Begrunnelse",
      "Vilkår",
      "Inhabilitet",
      "Beslutningsdyktighet og konsensus",
    ]) {
      expect(text).toContain(`\n${heading}\n`);
    }
    expect(text).toContain("Behandlet i møte 27. november 2026");
    expect(text).toContain("Innvilget");
    expect(text).toContain("- Høyere alvorlighet: oppfylt. Betydelig absolutt prognosetap.");
    expect(text).toMatch(/1\s250\s000\skr/);
    expect(text).toContain("ikke et enkeltvedtak");
    expect(text).toContain("pasient- og brukerrettighetsloven § 7-2");
    expect(text).toContain("Rune Alstahaug, Helgelandssykehuset HF (vara for Tor Magne Hamarøy)");
    expect(text).toContain("Ragnhild Vikenes, Helse Bergen HF (Haukeland universitetssjukehus): søknaden gjelder eget helseforetak");
    expect(text).toContain("UTKAST");
  });
  it("is written in English on request", () => {
    const text = renderDecisionText(draft(), roster, "en");
    expect(text).toContain("Considered at the meeting of 27 November 2026");
    expect(text).toContain("Granted");
    expect(text).toContain("not an individual administrative decision");
    expect(text).toMatch(/NOK\s1,250,000/);
    expect(text).not.toContain("Innvilget");
  });
  it("hides a confidential price", () => {
    const r = draftDecisionRecord(input({ case: { ...theCase, cost: { currency: "NOK", price: 1250000, confidential: true } } }));
    const text = r.ok ? renderDecisionText(r.value, roster, "nb") : "";
    expect(text).toContain("konfidensielle");
    expect(text).not.toMatch(/1\s?250\s?000/);
  });
  it("shows a correction's version and reason, and no draft mark once confirmed", () => {
    const c1 = confirm(assessedDraft(), "coord", "2026-11-27T14:00:00+01:00");
    const v2 = c1.ok ? correct(c1.value, { reasoning: "Ny begrunnelse." }, "Skrivefeil", "coord", "2026-11-30T10:00:00+01:00") : c1;
    const c2 = v2.ok ? confirm(v2.value, "coord", "2026-11-30T11:00:00+01:00") : v2;
    const text = c2.ok ? renderDecisionText(c2.value, roster, "nb") : "";
    expect(text).toContain("Versjon 2. Erstatter TO-2026-021-v1. Årsak til retting: Skrivefeil");
    expect(text).toContain("Bekreftet av Maren Ødegård Lie, 30. november 2026");
    expect(text).not.toContain("UTKAST");
  });
});

describe("the findings a record rests on (issue 14)", () => {
  const at = "2026-11-27T14:00:00+01:00";
  it("drafts every priority criterion as not assessed", () => {
    expect(draft().criteria).toEqual(criteria("notAssessed", "notAssessed", "notAssessed"));
  });
  it("refuses to confirm a grant while a priority criterion is not assessed, naming it", () => {
    const r = confirm(assessedDraft({ criteria: criteria("met", "met", "notAssessed") }), "coord", at);
    expect(r.ok ? "ok" : r.reason).toEqual({ code: "record.criterionNotAssessed", params: { criterion: "resourceUse" } });
  });
  it("refuses to confirm a grant while a claimed ground is not assessed, naming it", () => {
    const r = confirm(draft(), "coord", at); // increasedBenefit is "not assessed" in the draft
    expect(code(confirm(assessedDraft({ criteria: criteria("notAssessed", "met", "met") }), "coord", at))).toBe("record.criterionNotAssessed");
    const grounds = confirm({ ...draft(), criteria: criteria("met", "met", "met") }, "coord", at);
    expect(grounds.ok ? "ok" : grounds.reason).toEqual({ code: "record.groundNotAssessed", params: { ground: "increasedBenefit" } });
    expect(r.ok).toBe(false);
  });
  it("confirms a grant once every criterion and every claimed ground is assessed", () => {
    expect(code(confirm(assessedDraft(), "coord", at))).toBe("ok");
  });
  const rejected = (over: Partial<DraftInput>) => assessedDraft({ conclusion: { ...input().conclusion, result: "rejected" }, ...over });
  it("refuses a rejection that rests on no finding of 'not met'", () => {
    expect(code(confirm(rejected({}), "coord", at))).toBe("record.rejectionWithoutFinding");
    expect(code(confirm(rejected({ criteria: criteria("notAssessed", "notAssessed", "notAssessed") }), "coord", at))).toBe("record.rejectionWithoutFinding");
  });
  it("confirms a rejection that names a criterion or a ground not met, the rest unassessed", () => {
    expect(code(confirm(rejected({ criteria: criteria("notMet", "notAssessed", "notAssessed") }), "coord", at))).toBe("ok");
    const onGround = rejected({
      criteria: criteria("notAssessed", "notAssessed", "notAssessed"),
      assessments: [
        { ground: "higherSeverity", finding: "notMet", comment: "" },
        { ground: "increasedBenefit", finding: "notAssessed", comment: "" },
      ],
    });
    expect(code(confirm(onGround, "coord", at))).toBe("ok");
  });
  it("refuses a national id in a criterion's comment", () => {
    const r = draftDecisionRecord(input({ criteria: { ...criteria("met", "met", "met"), severity: { finding: "met", comment: "Pasient 15057543288" } } }));
    expect(code(r)).toBe("privacy.nationalIdInText");
  });
  it("carries the criteria into a correction", () => {
    const c = confirm(assessedDraft(), "coord", at);
    const v2 = c.ok ? correct(c.value, { criteria: criteria("met", "met", "notMet") }, "Feil vurdering", "coord", at) : c;
    expect(v2.ok && v2.value.criteria.resourceUse.finding).toBe("notMet");
    const v2b = c.ok ? correct(c.value, { reasoning: "Ny." }, "Skrivefeil", "coord", at) : c;
    expect(v2b.ok && v2b.value.criteria).toEqual(criteria("met", "met", "met"));
  });
  it("holds exactly when a grant has nothing unassessed, and a rejection something not met (any findings)", () => {
    const finding = fc.constantFrom<Finding>("met", "notMet", "notAssessed");
    fc.assert(
      fc.property(
        fc.constantFrom("granted" as const, "rejected" as const),
        fc.array(finding, { minLength: 3, maxLength: 3 }),
        fc.array(finding, { minLength: 1, maxLength: 3 }),
        (outcome, cs, gs) => {
          const crit = criteria(cs[0]!, cs[1]!, cs[2]!);
          const grounds = gs.map((f, i) => ({
            ground: (["increasedBenefit", "higherSeverity", "specialMedicalReasons"] as const)[i]!,
            finding: f,
            comment: "",
          }));
          const all = [...cs, ...gs];
          const expected = outcome === "granted" ? !all.includes("notAssessed") : all.includes("notMet");
          expect(findingsHold({ outcome, grounds, criteria: crit }).ok).toBe(expected);
        },
      ),
    );
  });
  it("reads a record stored without criteria as every criterion not assessed", () => {
    const { criteria: _c, ...old } = assessedDraft();
    expect(code(findingsHold(old as never))).toBe("record.criterionNotAssessed");
    expect(PRIORITY_CRITERIA).toEqual(["benefit", "severity", "resourceUse"]);
  });
});

describe("decision text: criteria and what a grant means (issue 14)", () => {
  it("states the finding on each priority criterion", () => {
    const text = renderDecisionText(
      assessedDraft({ criteria: { ...criteria("met", "met", "met"), resourceUse: { finding: "met", comment: "Akseptabel kostnad." } } }),
      roster,
      "nb",
    );
    expect(text).toContain("\nPrioriteringskriteriene\n");
    expect(text).toContain("- Nytte: oppfylt");
    expect(text).toContain("- Ressursbruk: oppfylt. Akseptabel kostnad.");
    const en = renderDecisionText(assessedDraft(), roster, "en");
    expect(en).toContain("\nPriority criteria\n");
    expect(en).toContain("- Severity: met");
  });
  it("says what a grant means, and nothing of it on a rejection", () => {
    const text = renderDecisionText(assessedDraft(), roster, "nb");
    expect(text).toContain("Hva innvilgelsen betyr");
    expect(text).toContain("helseforetaket finansierer den. Behandlingsansvarlig lege avgjør om den skal tas i bruk.");
    expect(renderDecisionText(assessedDraft(), roster, "en")).toContain("What the grant means");
    const rejected = renderDecisionText(assessedDraft({ conclusion: { ...input().conclusion, result: "rejected" } }), roster, "nb");
    expect(rejected).not.toContain("Hva innvilgelsen betyr");
  });
});
