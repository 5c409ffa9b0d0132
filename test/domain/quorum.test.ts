import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { blockedByCatchmentPolicy, eligibleForCase, quorumShortfall, type QuorumInput } from "../../src/domain/quorum.js";
import { latestMark, presenceOf, type AttendanceMark, type DeclaredConflict } from "../../src/domain/meeting.js";
import { demoRoster, sampleCase } from "./fixtures.js";

const roster = demoRoster();
const byId = new Map(roster.people.map((p) => [p.id, p]));
const MEMBERS = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1", "m-nord-2"];
const ALL_NON_VOTING = ["chair", "coord", "obs-dmp", "obs-nye-metoder", "expert-1"];
const run = (present: string[], over: Partial<QuorumInput> = {}) => eligibleForCase({ roster, case: sampleCase(), present: new Set(present), ...over });
const reasonOf = (r: ReturnType<typeof run>, id: string) => r.excluded.find((e) => e.personId === id)?.reason;

describe("quorum", () => {
  it("is not quorate with 3 eligible members", () => {
    const r = run(MEMBERS.slice(0, 3));
    expect(r).toMatchObject({ quorate: false, needed: 1 });
    expect(r.eligible).toHaveLength(3);
  });
  it("is quorate with 4 eligible members", () => {
    expect(run(MEMBERS.slice(0, 4))).toMatchObject({ quorate: true, needed: 0 });
  });
  it("never counts the chair, observers, the coordinator or an expert", () => {
    const r = run([...MEMBERS.slice(0, 3), ...ALL_NON_VOTING]);
    expect(r.quorate).toBe(false);
    expect(
      r.excluded
        .filter((e) => ALL_NON_VOTING.includes(e.personId))
        .map((e) => e.reason)
        .sort(),
    ).toEqual(["chair", "coordinator", "expert", "observer", "observer"]);
  });
  it("counts a member and their own substitute once, as the member", () => {
    const r = run(["m-vest-1", "s-vest-1", "m-midt-1", "m-nord-1"]);
    expect(r.eligible).toEqual(["m-vest-1", "m-midt-1", "m-nord-1"]);
    expect(reasonOf(r, "s-vest-1")).toBe("substituteForEligibleMember");
    expect(r.quorate).toBe(false);
  });
  it("counts a substitute in place of their absent member", () => {
    const r = run(["s-vest-1", "m-midt-1", "m-nord-1", "m-sorost-1"]);
    expect(r.quorate).toBe(true);
    expect(r.standIns).toEqual({ "s-vest-1": "m-vest-1" });
    expect(reasonOf(r, "m-vest-1")).toBe("absent");
  });
  it("does not count a substitute for another member's empty seat", () => {
    // Only three members take part; s-vest-1 cannot fill another seat while m-vest-1 takes part.
    const r = run(["m-vest-1", "s-vest-1", "m-midt-1", "m-sorost-1"]);
    expect(r.eligible).toHaveLength(3);
    expect(r.quorate).toBe(false);
    expect(r.eligible).not.toContain("s-vest-1");
  });
  it("is not quorate when a recused member's substitute shares the recused HF", () => {
    const c = sampleCase({ applyingHfId: "helse-bergen" });
    const r = run(["m-vest-1", "s-vest-1", "m-midt-1", "m-nord-1"], { case: c });
    expect(r.eligible).toEqual(["m-midt-1", "m-nord-1"]);
    expect(reasonOf(r, "m-vest-1")).toBe("recused");
    expect(reasonOf(r, "s-vest-1")).toBe("recused");
  });
  it("lets a substitute from another HF stand in for a member recused for their own HF", () => {
    const c = sampleCase({ applyingHfId: "nordlandssykehuset" });
    const r = run(["m-nord-2", "s-nord-2", "m-midt-1", "m-vest-1"], { case: c });
    expect(r.eligible).toEqual(["m-vest-1", "m-midt-1", "s-nord-2"]);
    expect(r.standIns).toEqual({ "s-nord-2": "m-nord-2" });
  });
  it("recuses a member with a declared conflict", () => {
    const conflicts: DeclaredConflict[] = [{ personId: "m-sorost-1", caseId: "TO-2026-014", reason: "Inhabil", at: "2026-11-27T09:00:00+01:00" }];
    const r = run(MEMBERS.slice(0, 4), { conflicts });
    expect(r.quorate).toBe(false);
    expect(r.recused).toEqual([{ personId: "m-sorost-1", reason: "declared", text: "Inhabil" }]);
  });
  it("reads attendance marks, the latest mark per person winning", () => {
    const mark = (personId: string, present: boolean, at: string) => ({ personId, present, at, source: "checkin" as const });
    const marks = [
      mark("m-sorost-1", true, "2026-11-27T09:00:00+01:00"),
      mark("m-sorost-2", true, "2026-11-27T09:00:00+01:00"),
      mark("m-vest-1", true, "2026-11-27T09:00:00+01:00"),
      mark("m-midt-1", true, "2026-11-27T09:30:00+01:00"),
      mark("m-midt-1", false, "2026-11-27T09:10:00+01:00"), // an older mark listed later
      mark("m-vest-1", false, "2026-11-27T09:45:00+01:00"), // left the meeting
    ];
    const r = eligibleForCase({ roster, case: sampleCase(), present: marks });
    expect(r.eligible).toEqual(["m-sorost-1", "m-sorost-2", "m-midt-1"]);
  });
  it("takes the minimum as a parameter", () => {
    expect(run(MEMBERS.slice(0, 5), { minimum: 6 })).toMatchObject({ quorate: false, needed: 1, minimum: 6 });
  });
});

describe("the catchment-area recusal policy", () => {
  // The patient lives in St. Olavs hospital HF's area: m-midt-1 and s-midt-1 are from there.
  const c = sampleCase({ catchmentHfId: "st-olavs" });
  const four = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
  it("recuses the catchment-area HF's member by default, and not when the policy is off", () => {
    expect(run(four, { case: c }).eligible).toEqual(["m-sorost-1", "m-sorost-2", "m-midt-2"]);
    expect(run(four, { case: c, policy: { catchmentHf: false } }).eligible).toEqual(four);
  });
  it("says when it is the policy alone that makes the case not quorate", () => {
    expect(blockedByCatchmentPolicy({ roster, case: c, present: new Set(four) })).toBe(true);
    // Not quorate either way: the policy is not what holds the case up.
    expect(blockedByCatchmentPolicy({ roster, case: c, present: new Set(four.slice(0, 3)) })).toBe(false);
    // Quorate with the policy: nothing to say.
    expect(blockedByCatchmentPolicy({ roster, case: c, present: new Set([...four, "m-nord-1"]) })).toBe(false);
    // The policy off: never.
    expect(blockedByCatchmentPolicy({ roster, case: c, present: new Set(four), policy: { catchmentHf: false } })).toBe(false);
  });
});

describe("quorum shortfall: who is missing and who could stand in", () => {
  it("lists the absent members and the substitutes of absent or recused members who are neither recused nor present", () => {
    // Helse Bergen applies: m-vest-1 and s-vest-1 are recused. m-midt-2 and m-nord-1 are absent; s-midt-2 is present (stands in).
    const c = sampleCase({ applyingHfId: "helse-bergen" });
    const r = run(["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "s-midt-2", "m-nord-2"], { case: c });
    const s = quorumShortfall(roster, r);
    expect(s.absentMembers).toEqual(["m-midt-2", "m-nord-1"]);
    expect(s.possibleStandIns).toEqual([{ substituteId: "s-nord-1", memberId: "m-nord-1" }]);
  });
  it("never offers a substitute who shares the recused HF", () => {
    const c = sampleCase({ applyingHfId: "helse-bergen" });
    const s = quorumShortfall(roster, run(["m-sorost-1", "m-midt-1"], { case: c }));
    expect(s.possibleStandIns.map((x) => x.substituteId)).not.toContain("s-vest-1");
    expect(s.possibleStandIns.map((x) => x.substituteId)).toContain("s-vest-2");
  });
});

describe("presence by a person's own marks", () => {
  const mark = (personId: string, present: boolean, at: string): AttendanceMark => ({ personId, present, at, source: "event" });
  const marks = [mark("a", true, "2026-11-27T09:00:00+01:00"), mark("a", false, "2026-11-27T09:30:00+01:00"), mark("b", true, "2026-11-27T09:40:00+01:00")];
  it("is left when the latest mark says absent (a leave event or a check-out), present when it says present, unmarked without any", () => {
    expect(presenceOf(marks, "a")).toBe("left");
    expect(presenceOf(marks, "b")).toBe("present");
    expect(presenceOf(marks, "c")).toBe("unmarked");
    expect(presenceOf([...marks, mark("a", true, "2026-11-27T09:10:00+01:00")], "a")).toBe("left"); // an older mark listed later
    expect(latestMark(marks, "a")?.at).toBe("2026-11-27T09:30:00+01:00");
  });
});

// ---- properties -------------------------------------------------------------

const hfIds = roster.hfs.map((h) => h.id);
const personIds = roster.people.map((p) => p.id);
const scenario = fc.record({
  present: fc.subarray(personIds),
  applyingHfId: fc.constantFrom(...hfIds),
  catchmentHfId: fc.option(fc.constantFrom(...hfIds), { nil: undefined }),
  declared: fc.subarray(personIds),
  minimum: fc.integer({ min: 1, max: 8 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const evaluate = (s: Scenario) => {
  const c = sampleCase({ applyingHfId: s.applyingHfId, ...(s.catchmentHfId ? { catchmentHfId: s.catchmentHfId } : {}) });
  const conflicts = s.declared.map((personId) => ({ personId, caseId: c.id, reason: "x", at: "2026-01-01T00:00:00Z" }));
  return eligibleForCase({ roster, case: c, present: new Set(s.present), conflicts, minimum: s.minimum });
};

/** Independent oracle: one seat per member, filled by the member or else by their own substitute. */
const seatsFilled = (s: Scenario) => {
  const blocked = (id: string) => {
    const hf = byId.get(id)?.hfId;
    return !s.present.includes(id) || s.declared.includes(id) || hf === s.applyingHfId || hf === s.catchmentHfId;
  };
  return MEMBERS.filter((m) => !blocked(m) || roster.people.some((p) => p.substituteFor === m && !blocked(p.id))).length;
};

describe("quorum properties", () => {
  it("counts exactly one participant per member seat that can be filled", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(evaluate(s).eligible.length).toBe(seatsFilled(s));
      }),
    );
  });
  it("is quorate exactly when the eligible count reaches the minimum", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = evaluate(s);
        expect(r.quorate).toBe(r.eligible.length >= s.minimum);
        expect(r.needed).toBe(Math.max(0, s.minimum - r.eligible.length));
      }),
    );
  });
  it("never counts anyone absent, recused, or without a vote", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = evaluate(s);
        const recused = new Set(r.recused.map((x) => x.personId));
        for (const id of r.eligible) {
          expect(s.present).toContain(id);
          expect(recused.has(id)).toBe(false);
          expect(["member", "substitute"]).toContain(byId.get(id)?.role);
        }
      }),
    );
  });
  it("never counts a member and their own substitute together", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = evaluate(s);
        for (const id of r.eligible) {
          const member = byId.get(id)?.substituteFor;
          if (member) expect(r.eligible).not.toContain(member);
        }
      }),
    );
  });
  it("never loses a participant when someone more arrives", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...personIds), (s, arriving) => {
        const before = evaluate(s).eligible.length;
        const after = evaluate({ ...s, present: [...new Set([...s.present, arriving])] }).eligible.length;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
  it("never gains a participant when someone declares a conflict", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...personIds), (s, declaring) => {
        const before = evaluate(s).eligible.length;
        const after = evaluate({ ...s, declared: [...new Set([...s.declared, declaring])] }).eligible.length;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });
});
