import { describe, expect, it } from "vitest";
import { checkCompleteness, isComplete } from "../../src/domain/completeness.js";
import { completeRequirements, demoRoster, sampleCase } from "./fixtures.js";

const items = (over: Parameters<typeof sampleCase>[0]) => checkCompleteness(sampleCase(over), demoRoster()).map((m) => m.item);

describe("completeness check", () => {
  it("finds nothing missing in a complete application", () => {
    expect(checkCompleteness(sampleCase(), demoRoster())).toEqual([]);
    expect(isComplete(sampleCase(), demoRoster())).toBe(true);
  });
  it("asks for the method's name, Nye metoder id and Beslutningsforum date", () => {
    expect(items({ method: { name: " ", nyeMetoderId: "", beslutningsforumDate: "" } })).toEqual([
      "completeness.methodNameMissing",
      "completeness.nyeMetoderIdMissing",
      "completeness.beslutningsforumDateMissing",
    ]);
  });
  it("reports an applying HF that is not in the roster", () => {
    const missing = checkCompleteness(sampleCase({ applyingHfId: "helse-atlantis" }), demoRoster());
    expect(missing).toEqual([{ item: "completeness.applyingHfUnknown", params: { hfId: "helse-atlantis" } }]);
  });
  it("reports an unknown catchment-area HF", () => {
    expect(items({ catchmentHfId: "nowhere" })).toEqual(["completeness.catchmentHfUnknown"]);
  });
  it("asks for reasoning on each claimed ground that has none worth the name", () => {
    const missing = checkCompleteness(
      sampleCase({
        grounds: [
          { ground: "increasedBenefit", reasoning: "Se vedlegg" },
          { ground: "higherSeverity", reasoning: "Pasienten er 24 år, mens gruppen i studien hadde median alder 67." },
        ],
      }),
      demoRoster(),
    );
    expect(missing).toEqual([{ item: "completeness.groundReasoningMissing", params: { ground: "increasedBenefit", minLength: 20 } }]);
  });
  it("asks for a ground when none is claimed", () => {
    expect(items({ grounds: [] })).toEqual(["completeness.groundMissing"]);
  });
  it("names each priority criterion that is not described", () => {
    const missing = checkCompleteness(sampleCase({ priority: { benefit: "stor", severity: "", resourceUse: "  " } }), demoRoster());
    expect(missing.map((m) => m.params?.criterion)).toEqual(["severity", "resourceUse"]);
  });
  it("asks for cost information when neither price nor treatment cost is given", () => {
    expect(items({ cost: { currency: "NOK", confidential: false } })).toEqual(["completeness.costMissing"]);
    expect(items({ cost: { currency: "NOK", confidential: false, treatmentCost: 900000 } })).toEqual([]);
  });
  it("treats a price of zero as given, since presence is checked, not value", () => {
    expect(items({ cost: { currency: "NOK", confidential: false, price: 0 } })).toEqual([]);
  });
  it("asks for the fagdirektør's approval and for documentation", () => {
    expect(items({ approvedByFagdirektor: false, attachments: [] })).toEqual(["completeness.fagdirektorApprovalMissing", "completeness.attachmentMissing"]);
  });
});

describe("what the source requires of an application (issue 13)", () => {
  const req = (over: Partial<ReturnType<typeof completeRequirements>>) => ({ ...completeRequirements(), ...over });
  it("asks for the patient's consent and the price checked by Sykehusinnkjøp", () => {
    expect(items({ requirements: req({ patientConsent: false, priceCheckedBySykehusinnkjop: false }) })).toEqual([
      "completeness.patientConsentMissing",
      "completeness.priceCheckMissing",
    ]);
  });
  it("asks for a review with the regional hospital when neither the following HF nor the regional hospital sends it", () => {
    expect(items({ requirements: req({ sentByTreatingHfOrRegionalHospital: false }) })).toEqual(["completeness.regionalHospitalReviewMissing"]);
    expect(items({ requirements: req({ sentByTreatingHfOrRegionalHospital: false, reviewedWithRegionalHospital: true }) })).toEqual([]);
  });
  it("asks for clearance with the catchment-area hospital only when another hospital applies", () => {
    expect(items({ catchmentHfId: "helse-fonna", requirements: req({ clearedWithCatchmentHf: false }) })).toEqual(["completeness.catchmentHfClearanceMissing"]);
    expect(items({ requirements: req({ clearedWithCatchmentHf: false }) })).toEqual([]);
  });
  it("asks for availability and price of a drug not marketed in Norway", () => {
    expect(items({ requirements: req({ notMarketedInNorway: true }) })).toEqual(["completeness.availabilityMissing"]);
    expect(items({ requirements: req({ notMarketedInNorway: true, availabilityAndPriceClarified: true }) })).toEqual([]);
  });
  it("lets a method under re-assessment pass without a Beslutningsforum date", () => {
    const method = { name: "Metode X", nyeMetoderId: "ID2023_045", beslutningsforumDate: "" };
    expect(items({ method, requirements: req({ reassessment: true }) })).toEqual([]);
    expect(items({ method })).toEqual(["completeness.beslutningsforumDateMissing"]);
  });
  it("reports every requirement missing on a case registered before they were asked", () => {
    const { requirements: _r, ...legacy } = sampleCase();
    expect(checkCompleteness(legacy, demoRoster()).map((m) => m.item)).toEqual([
      "completeness.patientConsentMissing",
      "completeness.regionalHospitalReviewMissing",
      "completeness.priceCheckMissing",
    ]);
  });
});
