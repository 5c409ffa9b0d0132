import { describe, expect, it } from "vitest";
import { recusalsForCase } from "../../src/domain/recusal.js";
import { demoRoster, sampleCase } from "./fixtures.js";

const roster = demoRoster();

describe("recusal", () => {
  it("recuses the member and substitute from the applying HF", () => {
    const r = recusalsForCase({ roster, case: sampleCase({ applyingHfId: "helse-bergen" }) });
    expect(r).toEqual([
      { personId: "m-vest-1", reason: "ownHf" },
      { personId: "s-vest-1", reason: "ownHf" },
    ]);
  });
  it("recuses those from the patient's catchment-area HF when it differs", () => {
    const r = recusalsForCase({ roster, case: sampleCase({ applyingHfId: "helse-bergen", catchmentHfId: "helse-forde" }) });
    expect(r).toContainEqual({ personId: "s-vest-2", reason: "catchmentHf" });
    expect(r).toHaveLength(3);
  });
  it("judges a substitute by their own HF, not their member's", () => {
    const r = recusalsForCase({ roster, case: sampleCase({ applyingHfId: "nordlandssykehuset" }) });
    expect(r).toEqual([{ personId: "m-nord-2", reason: "ownHf" }]);
  });
  it("recuses nobody for a case from an HF with nobody on the committee", () => {
    expect(recusalsForCase({ roster, case: sampleCase({ applyingHfId: "helse-stavanger" }) })).toEqual([]);
  });
  it("never recuses an HF contact automatically: they are not deciding", () => {
    expect(recusalsForCase({ roster, case: sampleCase({ applyingHfId: "sykehuset-innlandet" }) })).toEqual([]);
  });
  it("records a declared conflict with its reason, on this case only", () => {
    const conflicts = [
      { personId: "m-midt-1", caseId: "TO-2026-014", reason: "Nær relasjon til behandlende lege", at: "2026-11-27T09:05:00+01:00" },
      { personId: "m-nord-1", caseId: "TO-2026-099", reason: "Annen sak", at: "2026-11-27T09:05:00+01:00" },
    ];
    expect(recusalsForCase({ roster, case: sampleCase(), conflicts })).toEqual([
      { personId: "m-midt-1", reason: "declared", text: "Nær relasjon til behandlende lege" },
    ]);
  });
  it("keeps a declared reason when the HF rule also applies, listing the person once", () => {
    const conflicts = [{ personId: "m-vest-1", caseId: "TO-2026-014", reason: "Kjenner saken", at: "2026-11-27T09:05:00+01:00" }];
    const r = recusalsForCase({ roster, case: sampleCase({ applyingHfId: "helse-bergen" }), conflicts });
    expect(r.filter((x) => x.personId === "m-vest-1")).toEqual([{ personId: "m-vest-1", reason: "ownHf", text: "Kjenner saken" }]);
  });
  it("recuses from the catchment-area HF only under the named policy (a precaution beyond the own-HF rule)", () => {
    const c = sampleCase({ applyingHfId: "helse-bergen", catchmentHfId: "helse-forde" });
    expect(recusalsForCase({ roster, case: c, policy: { catchmentHf: true } })).toContainEqual({ personId: "s-vest-2", reason: "catchmentHf" });
    expect(recusalsForCase({ roster, case: c, policy: { catchmentHf: false } })).toEqual([
      { personId: "m-vest-1", reason: "ownHf" },
      { personId: "s-vest-1", reason: "ownHf" },
    ]);
  });
  it("keeps a declared conflict from the catchment-area HF when the policy is off", () => {
    const c = sampleCase({ catchmentHfId: "helse-forde" });
    const conflicts = [{ personId: "s-vest-2", caseId: c.id, reason: "Kjenner pasienten", at: "2026-11-27T09:05:00+01:00" }];
    expect(recusalsForCase({ roster, case: c, conflicts, policy: { catchmentHf: false } })).toEqual([
      { personId: "s-vest-2", reason: "declared", text: "Kjenner pasienten" },
    ]);
  });
});
