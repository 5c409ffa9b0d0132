import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { expectedNotJoined, forecastQuorum, substituteRequests, type AttendanceReply, type ForecastInput } from "../../src/domain/forecast.js";
import type { DeclaredConflict } from "../../src/domain/meeting.js";
import { demoRoster, sampleCase } from "./fixtures.js";

const roster = demoRoster();
const byId = new Map(roster.people.map((p) => [p.id, p]));
const MEMBERS = roster.people.filter((p) => p.role === "member").map((p) => p.id);
const AT = "2026-12-01T09:00:00Z";
const reply = (personId: string, answer: AttendanceReply["answer"], at = AT): AttendanceReply => ({ personId, answer, at });
const conflict = (personId: string, caseId: string): DeclaredConflict => ({ personId, caseId, reason: "Inhabil", at: AT });
const run = (over: Partial<ForecastInput> = {}) => forecastQuorum({ roster, cases: [sampleCase()], replies: [], ...over });

describe("the quorum forecast", () => {
  it("expects every member who has not sent apologies, and names those who have not answered", () => {
    const f = run({ replies: [reply("m-vest-1", "coming")] });
    expect(f.cases[0]).toMatchObject({ expected: MEMBERS, below: false, openSeats: [] });
    expect(f.cases[0]!.unconfirmed).not.toContain("m-vest-1");
    expect(f.cases[0]!.unconfirmed).toHaveLength(7);
  });
  it("counts a substitute who said they come in place of a member with apologies", () => {
    const f = run({ replies: [reply("m-vest-1", "apologies"), reply("s-vest-1", "coming")] });
    expect(f.cases[0]!.standIns).toEqual({ "s-vest-1": "m-vest-1" });
    expect(f.cases[0]!.expected).toHaveLength(8);
  });
  it("falls below the quorum when five members send apologies, and names the substitutes who would fix it", () => {
    const away = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1"];
    const f = run({ replies: away.map((id) => reply(id, "apologies")) });
    expect(f.below).toEqual(["TO-2026-014"]);
    expect(f.cases[0]).toMatchObject({ below: true, needed: 1, openSeats: away });
    expect(f.cases[0]!.possibleStandIns.map((s) => s.substituteId)).toEqual(["s-sorost-1", "s-sorost-2", "s-vest-1", "s-vest-2", "s-midt-1"]);
  });
  it("never offers a substitute who declined or is recused themselves", () => {
    // Helse Bergen applies: m-vest-1 and s-vest-1 are both recused.
    const c = sampleCase({ applyingHfId: "helse-bergen" });
    const f = run({ cases: [c], replies: [reply("m-vest-2", "apologies"), reply("s-vest-2", "apologies")] });
    expect(f.cases[0]!.openSeats).toEqual(["m-vest-1", "m-vest-2"]);
    expect(f.cases[0]!.possibleStandIns).toEqual([]);
  });
  it("reads the latest answer per person", () => {
    const f = run({ replies: [reply("m-vest-1", "apologies", "2026-12-01T10:00:00Z"), reply("m-vest-1", "coming", "2026-12-01T09:00:00Z")] });
    expect(f.cases[0]!.expected).not.toContain("m-vest-1");
  });
  it("does not let a member with apologies be replaced by their substitute who is recused (the substitute's own HF applies)", () => {
    // Helse Førde (s-vest-2's HF) applies; m-vest-2 (Helse Fonna) sent apologies.
    const c = sampleCase({ applyingHfId: "helse-forde" });
    const f = run({ cases: [c], replies: [reply("m-vest-2", "apologies"), reply("s-vest-2", "coming")] });
    expect(f.cases[0]!.expected).not.toContain("s-vest-2");
    expect(f.cases[0]!.openSeats).toEqual(["m-vest-2"]);
    // …and the substitute is not asked for that case.
    expect(substituteRequests({ roster, cases: [c], replies: [reply("m-vest-2", "apologies")] })).toEqual([]);
  });
  it("counts a substitute asked for two cases only in the one whose seat is open", () => {
    // m-vest-2 declared a conflict on A only; s-vest-2 said they come for the meeting.
    const a = sampleCase({ id: "TO-2026-021", code: "TO-2026-021" });
    const b = sampleCase({ id: "TO-2026-022", code: "TO-2026-022" });
    const f = run({ cases: [a, b], replies: [reply("s-vest-2", "coming")], conflicts: [conflict("m-vest-2", a.id)] });
    expect(f.cases[0]!.standIns).toEqual({ "s-vest-2": "m-vest-2" });
    expect(f.cases[1]!.standIns).toEqual({});
    expect(f.cases[1]!.expected).toContain("m-vest-2");
    expect(f.cases[1]!.expected).not.toContain("s-vest-2");
  });
});

describe("expected and not joined", () => {
  it("names members and substitutes whose latest answer is «Jeg kommer» and who are not present", () => {
    const replies = [
      reply("m-vest-1", "coming"),
      reply("s-vest-2", "coming"),
      reply("m-nord-1", "coming"),
      reply("m-nord-1", "apologies", "2026-12-01T10:00:00Z"),
    ];
    expect(expectedNotJoined(roster, replies, new Set(["m-vest-1"]))).toEqual(["s-vest-2"]);
  });
});

describe("the substitute rule", () => {
  const a = sampleCase({ id: "TO-2026-021", code: "TO-2026-021", applyingHfId: "helse-fonna" });
  const b = sampleCase({ id: "TO-2026-022", code: "TO-2026-022" });
  it("asks the substitute of a member with apologies for the whole meeting", () => {
    expect(substituteRequests({ roster, cases: [a, b], replies: [reply("m-nord-1", "apologies")] })).toEqual([
      { substituteId: "s-vest-2", memberId: "m-vest-2", scope: "cases", caseIds: [a.id] },
      { substituteId: "s-nord-1", memberId: "m-nord-1", scope: "meeting", caseIds: [a.id, b.id] },
    ]);
  });
  it("asks the substitute of a recused member for the cases they are recused in only", () => {
    const r = substituteRequests({ roster, cases: [a, b], replies: [], conflicts: [conflict("m-midt-2", b.id)] });
    expect(r).toContainEqual({ substituteId: "s-midt-2", memberId: "m-midt-2", scope: "cases", caseIds: [b.id] });
    expect(r).toContainEqual({ substituteId: "s-vest-2", memberId: "m-vest-2", scope: "cases", caseIds: [a.id] });
  });
});

// ---- properties against an independent model ------------------------------

const hfIds = roster.hfs.map((h) => h.id);
const personIds = roster.people.map((p) => p.id);
const caseArb = fc.record({
  applyingHfId: fc.constantFrom(...hfIds),
  catchmentHfId: fc.option(fc.constantFrom(...hfIds), { nil: undefined }),
  declared: fc.subarray(personIds),
});
const scenario = fc.record({
  cases: fc.array(caseArb, { minLength: 1, maxLength: 3 }),
  replies: fc.array(fc.record({ personId: fc.constantFrom(...personIds), answer: fc.constantFrom("coming" as const, "apologies" as const), t: fc.nat(5) }), {
    maxLength: 30,
  }),
  catchmentPolicy: fc.boolean(),
  minimum: fc.integer({ min: 1, max: 8 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const inputOf = (s: Scenario): ForecastInput => {
  const cases = s.cases.map((c, i) => {
    const id = `TO-2026-${String(100 + i)}`;
    return sampleCase({ id, code: id, applyingHfId: c.applyingHfId, ...(c.catchmentHfId ? { catchmentHfId: c.catchmentHfId } : {}) });
  });
  return {
    roster,
    cases,
    replies: s.replies.map((r) => ({ personId: r.personId, answer: r.answer, at: new Date(Date.UTC(2026, 11, 1, r.t)).toISOString() })),
    conflicts: s.cases.flatMap((c, i) => c.declared.map((p) => conflict(p, cases[i]!.id))),
    policy: { catchmentHf: s.catchmentPolicy },
    minimum: s.minimum,
  };
};

/** The model: each person's last answer by time (the later listed on a tie), written without the code's helpers. */
const answerOf = (s: Scenario, id: string): string | undefined => {
  let best: { t: number; answer: string } | undefined;
  for (const r of s.replies) if (r.personId === id && (!best || r.t >= best.t)) best = { t: r.t, answer: r.answer };
  return best?.answer;
};
const recusedIn = (s: Scenario, i: number, id: string): boolean => {
  const c = s.cases[i]!;
  const hf = byId.get(id)?.hfId;
  return c.declared.includes(id) || (hf !== undefined && (hf === c.applyingHfId || (s.catchmentPolicy && hf === c.catchmentHfId)));
};
const subOf = (member: string) => roster.people.find((p) => p.role === "substitute" && p.substituteFor === member)!.id;
/** One seat per member: the member if they come and are not recused, else their own substitute if they said they come and are not recused. */
const seatsFilled = (s: Scenario, i: number) =>
  MEMBERS.filter((m) => (answerOf(s, m) !== "apologies" && !recusedIn(s, i, m)) || (answerOf(s, subOf(m)) === "coming" && !recusedIn(s, i, subOf(m)))).length;

describe("forecast properties", () => {
  it("expects exactly one person per member seat that is expected to be filled, per case", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const f = forecastQuorum(inputOf(s));
        f.cases.forEach((c, i) => expect(c.expected.length).toBe(seatsFilled(s, i)));
      }),
    );
  });
  it("is below the quorum exactly when the expected count is under the minimum, and lists those cases", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const f = forecastQuorum(inputOf(s));
        f.cases.forEach((c, i) => {
          expect(c.below).toBe(seatsFilled(s, i) < s.minimum);
          expect(c.needed).toBe(Math.max(0, s.minimum - seatsFilled(s, i)));
        });
        expect(f.below).toEqual(f.cases.filter((c) => c.below).map((c) => c.caseId));
      }),
    );
  });
  it("never expects a recused person, a member with apologies, or a substitute who has not said they come", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        forecastQuorum(inputOf(s)).cases.forEach((c, i) => {
          for (const id of c.expected) {
            expect(recusedIn(s, i, id)).toBe(false);
            if (byId.get(id)!.role === "member") expect(answerOf(s, id)).not.toBe("apologies");
            else expect(answerOf(s, id)).toBe("coming");
          }
        });
      }),
    );
  });
  it("never expects a member and their own substitute together, and a stand-in only for an open member seat", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        forecastQuorum(inputOf(s)).cases.forEach((c, i) => {
          for (const [sub, member] of Object.entries(c.standIns)) {
            expect(byId.get(sub)!.substituteFor).toBe(member);
            expect(c.expected).not.toContain(member);
            expect(answerOf(s, member) === "apologies" || recusedIn(s, i, member)).toBe(true);
          }
        });
      }),
    );
  });
  it("would be fixed by its possible stand-ins: with them all coming, every open seat they can fill is filled", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const f = forecastQuorum(inputOf(s));
        f.cases.forEach((c, i) => {
          const more: Scenario = {
            ...s,
            replies: [...s.replies, ...c.possibleStandIns.map((p) => ({ personId: p.substituteId, answer: "coming" as const, t: 6 }))],
          };
          expect(seatsFilled(more, i)).toBe(c.expected.length + c.possibleStandIns.length);
        });
      }),
    );
  });
  it("asks a substitute for exactly the cases where their member is away or recused and they are not recused", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const requests = substituteRequests(input);
        for (const m of MEMBERS) {
          const sub = subOf(m);
          const away = answerOf(s, m) === "apologies";
          const wanted = input.cases.filter((_c, i) => (away || recusedIn(s, i, m)) && !recusedIn(s, i, sub)).map((c) => c.id);
          const req = requests.find((r) => r.substituteId === sub);
          if (wanted.length === 0) expect(req).toBeUndefined();
          else expect(req).toEqual({ substituteId: sub, memberId: m, scope: away ? "meeting" : "cases", caseIds: wanted });
        }
      }),
    );
  });
  it("never loses an expected person when a substitute says they come", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...roster.people.filter((p) => p.role === "substitute").map((p) => p.id)), (s, sub) => {
        const before = forecastQuorum(inputOf(s)).cases.map((c) => c.expected.length);
        const after = forecastQuorum(inputOf({ ...s, replies: [...s.replies, { personId: sub, answer: "coming", t: 6 }] })).cases.map((c) => c.expected.length);
        after.forEach((n, i) => expect(n).toBeGreaterThanOrEqual(before[i]!));
      }),
    );
  });
});
