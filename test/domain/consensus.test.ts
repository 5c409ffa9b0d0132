import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canConclude, canDefer, consensus } from "../../src/domain/consensus.js";
import { POSITIONS, type Position, type PositionMark } from "../../src/domain/meeting.js";

const FOUR = ["m1", "m2", "m3", "m4"];
const mark = (personId: string, position: Position, at = "2026-11-27T10:00:00+01:00", caseId = "TO-2026-014"): PositionMark => ({
  personId,
  caseId,
  position,
  at,
});
const all = (ids: string[], p: Position) => ids.map((id) => mark(id, p));
const code = <T>(r: { ok: true; value: T } | { ok: false; reason: { code: string } }) => (r.ok ? r.value : r.reason.code);

describe("consensus", () => {
  it("is reached when all four participants hold the same position", () => {
    expect(consensus({ eligible: FOUR, positions: all(FOUR, "grant") })).toMatchObject({ state: "consensus", position: "grant", outstanding: [] });
  });
  it("is not reached while someone has not stated a position", () => {
    const r = consensus({ eligible: FOUR, positions: all(FOUR.slice(0, 3), "grant") });
    expect(r).toMatchObject({ state: "waiting", outstanding: ["m4"] });
    expect(r.position).toBeUndefined();
  });
  it("is not reached with one dissenting participant, who is named", () => {
    const r = consensus({ eligible: FOUR, positions: [...all(FOUR.slice(0, 3), "grant"), mark("m4", "reject")] });
    expect(r).toMatchObject({ state: "dissent", disagreeing: [{ personId: "m4", position: "reject" }] });
    expect(r.counts).toEqual({ grant: 3, reject: 1, defer: 0 });
  });
  it("names everyone who stated when the split is even", () => {
    const r = consensus({ eligible: FOUR, positions: [...all(["m1", "m2"], "grant"), ...all(["m3", "m4"], "reject")] });
    expect(r.disagreeing.map((d) => d.personId)).toEqual(FOUR);
  });
  it("does not take an empty or unknown position for a statement", () => {
    const odd = [...all(FOUR.slice(0, 3), "grant"), { ...mark("m4", "grant"), position: "" as Position }];
    expect(consensus({ eligible: FOUR, positions: odd })).toMatchObject({ state: "waiting", outstanding: ["m4"] });
    const unknown = [...all(FOUR.slice(0, 3), "grant"), { ...mark("m4", "grant"), position: "abstain" as Position }];
    expect(canConclude({ eligible: FOUR, positions: unknown }).ok).toBe(false);
  });
  it("is not quorate with 3 participants, even when they agree", () => {
    expect(consensus({ eligible: FOUR.slice(0, 3), positions: all(FOUR.slice(0, 3), "grant") }).state).toBe("notQuorate");
  });
  it("ignores positions from people who do not take part", () => {
    const r = consensus({ eligible: FOUR, positions: [...all(FOUR, "grant"), mark("chair", "reject"), mark("s-vest-1", "reject")] });
    expect(r).toMatchObject({ state: "consensus", position: "grant", ignored: ["chair", "s-vest-1"] });
  });
  it("uses each participant's latest position", () => {
    const positions = [...all(FOUR, "grant"), mark("m2", "reject", "2026-11-27T10:05:00+01:00"), mark("m2", "grant", "2026-11-27T10:07:00+01:00")];
    expect(consensus({ eligible: FOUR, positions }).state).toBe("consensus");
  });
  it("ignores positions on other cases when the case is given", () => {
    const positions = [...all(FOUR, "grant"), mark("m1", "reject", "2026-11-27T11:00:00+01:00", "TO-2026-015")];
    expect(consensus({ eligible: FOUR, positions, caseId: "TO-2026-014" }).state).toBe("consensus");
  });
});

describe("concluding a case", () => {
  it("grants on consensus to grant", () => {
    expect(canConclude({ eligible: FOUR, positions: all(FOUR, "grant") })).toEqual({ ok: true, value: "granted" });
  });
  it("rejects on consensus to reject", () => {
    expect(canConclude({ eligible: FOUR, positions: all(FOUR, "reject") })).toEqual({ ok: true, value: "rejected" });
  });
  it("refuses when not quorate", () => {
    expect(canConclude({ eligible: ["m1"], positions: all(["m1"], "grant") })).toEqual({
      ok: false,
      reason: { code: "consensus.notQuorate", params: { eligible: 1, minimum: 4, needed: 3 } },
    });
  });
  it("refuses while positions are outstanding", () => {
    expect(code(canConclude({ eligible: FOUR, positions: [] }))).toBe("consensus.outstanding");
  });
  it("names who disagrees, with their position, and who has not stated, when it refuses", () => {
    const r = canConclude({ eligible: [...FOUR, "m5"], positions: [...all(["m1", "m2"], "grant"), mark("m3", "reject")] });
    expect(r).toEqual({
      ok: false,
      reason: {
        code: "consensus.dissent",
        params: { disagreeing: 1, outstanding: 2 },
        people: [
          { personId: "m3", state: "reject" },
          { personId: "m4", state: "notStated" },
          { personId: "m5", state: "notStated" },
        ],
      },
    });
    const waiting = canConclude({ eligible: FOUR, positions: all(["m1", "m2"], "grant") });
    expect(waiting.ok ? [] : waiting.reason.people).toEqual([
      { personId: "m3", state: "notStated" },
      { personId: "m4", state: "notStated" },
    ]);
  });
  it("refuses on dissent", () => {
    expect(code(canConclude({ eligible: FOUR, positions: [...all(FOUR.slice(1), "grant"), mark("m1", "defer")] }))).toBe("consensus.dissent");
  });
  it("refuses when everyone agrees to defer: the chair must defer instead", () => {
    expect(code(canConclude({ eligible: FOUR, positions: all(FOUR, "defer") }))).toBe("consensus.deferAgreed");
  });
  it("always allows deferring with a reason", () => {
    expect(canDefer("  Trenger oppdatert pris fra Sykehusinnkjøp ")).toEqual({ ok: true, value: { reason: "Trenger oppdatert pris fra Sykehusinnkjøp" } });
  });
  it("refuses to defer without a reason", () => {
    expect(code(canDefer("   "))).toBe("consensus.deferReasonRequired");
  });
  it("refuses a deferral reason containing a national id", () => {
    expect(code(canDefer("Gjelder 15057543288"))).toBe("privacy.nationalIdInText");
  });
});

const scenario = fc
  .record({
    participants: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { maxLength: 8 }),
    stated: fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h", "chair", "obs"), fc.constantFrom(...POSITIONS))),
  })
  .map(({ participants, stated }) => ({
    eligible: participants,
    positions: stated.map(([id, p], i) => mark(id, p, new Date(Date.UTC(2026, 10, 27, 9, i)).toISOString())),
  }));

describe("consensus properties", () => {
  it("reaches consensus only when quorate, nobody is outstanding and all latest positions are equal", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = consensus(input);
        const latest = new Map(input.positions.map((m) => [m.personId, m.position])); // ordered by time already
        const held = input.eligible.map((id) => latest.get(id));
        const expected = input.eligible.length >= 4 && held.every((p) => p !== undefined && p === held[0]);
        expect(r.state === "consensus").toBe(expected);
        if (expected) expect(r.position).toBe(held[0]);
      }),
    );
  });
  it("counts only participants' positions, each once", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = consensus(input);
        const total = POSITIONS.reduce((n, p) => n + r.counts[p], 0);
        expect(total + r.outstanding.length).toBe(input.eligible.length);
      }),
    );
  });
  it("concludes with a decision exactly when consensus is to grant or reject", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const r = consensus(input);
        const decided = canConclude(input);
        expect(decided.ok).toBe(r.state === "consensus" && r.position !== "defer");
      }),
    );
  });
  it("is unchanged by positions from people who do not take part", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...POSITIONS), (input, p) => {
        const noisy = { ...input, positions: [...input.positions, mark("outsider", p, "2030-01-01T00:00:00Z")] };
        expect(consensus(noisy).state).toBe(consensus(input).state);
      }),
    );
  });
});
