import { describe, expect, it } from "vitest";
import { demoRoster } from "./fixtures.js";
import { decisionRecipients } from "../../src/app/people.js";
import { demoCases } from "../../src/demo/seed.js";
import { RosterFileSchema, recipientBreaches, validateComposition } from "../../src/domain/roster-schema.js";
import { t } from "../../src/i18n/index.js";
import type { Roster } from "../../src/domain/roster.js";

const codes = (r: Roster) => validateComposition(r).map((b) => b.code);

describe("the roster file", () => {
  it("demo roster loads and meets every composition rule", () => {
    expect(validateComposition(demoRoster())).toEqual([]);
  });
  it("demo roster has the real regional hospitals flagged and the private non-profits marked", () => {
    const r = demoRoster();
    expect(
      r.hfs
        .filter((h) => h.regionalHospital)
        .map((h) => h.id)
        .sort(),
    ).toEqual(["helse-bergen", "oslo-universitetssykehus", "st-olavs", "unn"]);
    expect(
      r.hfs
        .filter((h) => h.privateNonProfit)
        .map((h) => h.id)
        .sort(),
    ).toEqual(["diakonhjemmet", "haraldsplass", "lovisenberg"]);
  });
  it("names a decision recipient for every applying HF in the demo data, so every demo case can be routed", () => {
    const r = demoRoster();
    for (const c of demoCases(new Date("2026-12-14T08:00:00Z"))) {
      const to = decisionRecipients(r, c.applyingHfId)[0];
      expect(to, c.applyingHfId).toBeDefined();
      expect(to).toMatchObject({ hfId: c.applyingHfId, isFagdirektor: true });
    }
    expect(decisionRecipients(r, "helse-fonna")[0]).toMatchObject({ id: "dir-fonna", role: "hfContact" });
  });
  it("lists an HF's decision recipients: the fagdirektør first, then the assisterende fagdirektør", () => {
    const r = demoRoster();
    expect(decisionRecipients(r, "helse-fonna").map((p) => p.id)).toEqual(["dir-fonna", "dep-fonna"]);
    expect(decisionRecipients(r, "helse-stavanger").map((p) => p.id)).toEqual(["dir-stavanger"]);
  });
  it("names, in plain words, an HF with cases that has nobody to receive its decisions", () => {
    const r = demoRoster();
    expect(recipientBreaches(r, ["helse-fonna", "helse-stavanger"])).toEqual([]);
    r.people = r.people.filter((p) => p.hfId !== "helse-fonna" || p.role === "member" || p.role === "substitute");
    const breaches = recipientBreaches(r, ["helse-fonna"]);
    expect(breaches).toEqual([{ code: "roster.noDecisionRecipient", params: { hfId: "helse-fonna", hf: "Helse Fonna HF" } }]);
    expect(t("nb", breaches[0]!.code, breaches[0]!.params)).toContain("Helse Fonna HF");
    expect(t("nb", breaches[0]!.code, breaches[0]!.params)).not.toContain("helse-fonna");
  });
  it("refuses a deputy who is not an HF contact", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "m-vest-1" ? { ...p, isDeputyFagdirektor: true } : p));
    expect(validateComposition(r)).toContainEqual({ code: "roster.deputyNotHfContact", params: { personId: "m-vest-1" } });
  });
  it("refuses a file with an unknown role", () => {
    const raw = JSON.parse(JSON.stringify(demoRoster()));
    raw.people[0].role = "boss";
    expect(RosterFileSchema.safeParse(raw).success).toBe(false);
  });
});

describe("committee composition", () => {
  it("reports 7 members when one is missing, yet the roster still loads", () => {
    const r = demoRoster();
    r.people = r.people.filter((p) => p.id !== "m-nord-2" && p.substituteFor !== "m-nord-2");
    expect(RosterFileSchema.safeParse(r).success).toBe(true);
    expect(validateComposition(r)).toContainEqual({ code: "roster.membersCount", params: { count: 7, expected: 8 } });
    expect(validateComposition(r)).toContainEqual({ code: "roster.regionMembersCount", params: { region: "helse-nord", count: 1, expected: 2 } });
  });
  it("reports a region with both members from its regional hospital", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "m-vest-2" ? { ...p, hfId: "helse-bergen" } : p));
    expect(codes(r)).toContain("roster.regionRegionalHospitalMembers");
    expect(codes(r)).toContain("roster.regionOtherHfMembers");
  });
  it("reports fewer than 4 fagdirektører among the members", () => {
    const r = demoRoster();
    r.people = r.people.map((p) =>
      p.role === "member" && p.id !== "m-vest-1" && p.id !== "m-midt-1" && p.id !== "m-nord-2" ? { ...p, isFagdirektor: false } : p,
    );
    expect(validateComposition(r)).toContainEqual({ code: "roster.fagdirektorCount", params: { count: 3, minimum: 4 } });
  });
  it("is satisfied with exactly 4 fagdirektører", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "m-sorost-2" ? { ...p, isFagdirektor: false } : p));
    expect(codes(r)).not.toContain("roster.fagdirektorCount");
  });
  it("reports a member without a substitute and one with two", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "s-vest-2" ? { ...p, substituteFor: "m-vest-1" } : p));
    expect(validateComposition(r)).toContainEqual({ code: "roster.substituteCount", params: { memberId: "m-vest-2", count: 0, expected: 1 } });
    expect(validateComposition(r)).toContainEqual({ code: "roster.substituteCount", params: { memberId: "m-vest-1", count: 2, expected: 1 } });
  });
  it("reports a substitute pointing to someone who is not a member", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "s-nord-1" ? { ...p, substituteFor: "chair" } : p));
    expect(codes(r)).toContain("roster.substituteForUnknown");
  });
  it("reports a person whose HF is not in the roster", () => {
    const r = demoRoster();
    r.people = r.people.map((p) => (p.id === "s-midt-2" ? { ...p, hfId: "helse-atlantis" } : p));
    expect(validateComposition(r)).toContainEqual({ code: "roster.unknownHf", params: { personId: "s-midt-2", hfId: "helse-atlantis" } });
  });
  it("reports duplicate roster ids and Teams identities", () => {
    const r = demoRoster();
    const first = r.people[0]!;
    r.people.push({ ...first, role: "observer", substituteFor: undefined });
    expect(codes(r)).toEqual(expect.arrayContaining(["roster.duplicatePersonId", "roster.duplicateAadObjectId"]));
  });
  it("reports a roster without a coordinator", () => {
    const r = demoRoster();
    r.people = r.people.filter((p) => p.role !== "coordinator");
    expect(validateComposition(r)).toContainEqual({ code: "roster.roleMissing", params: { role: "coordinator" } });
  });
});
