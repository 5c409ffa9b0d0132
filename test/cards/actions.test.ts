import { describe, expect, it } from "vitest";
import { MAX_REASON_CHARS, parseCardAction } from "../../src/cards/actions.js";
import { VERB_LIST } from "../../src/teams/card-verbs.js";

const M = "M-2026-11-27";
const C = "TO-2026-014";

describe("parseCardAction", () => {
  it.each([
    ["checkIn", { meetingId: M }],
    ["checkOut", { meetingId: "M-2026-12-04-extra1" }],
    ["position", { meetingId: M, caseId: C, position: "grant" }],
    ["position", { meetingId: M, caseId: C, position: "reject" }],
    ["position", { meetingId: M, caseId: C, position: "defer" }],
    ["declareConflict", { meetingId: M, caseId: C, conflictReason: "Tidligere behandlende lege" }],
    ["conclude", { meetingId: M, caseId: C }],
    ["defer", { meetingId: M, caseId: C, deferReason: "Mangler konsensus" }],
    ["takeUpCase", { meetingId: M, caseId: C }],
    ["refreshCase", { meetingId: M, caseId: C }],
    ["refreshAgenda", { meetingId: M }],
    ["refreshAttendance", { meetingId: M }],
  ])("accepts a valid %s", (verb, data) => {
    expect(parseCardAction(verb, data)).toEqual({ ok: true, action: { verb, ...data } });
  });

  it("covers every verb", () => {
    // offerPdf: the record as a PDF when Teams cannot reach the HF; storeDocuments: files sent in the 1:1 chat;
    // replyPapers and declareConflictAhead: answers to the papers (issue 13); setCaseMinutes: the two-hour limit (issue 13)
    // answerFollowUp, openProposal, saveProposal: a grant's follow-up and group-level proposals (issue 15)
    // approveRecord and requestRecordChange: the chair's sign-off (issue 14)
    // saveMinutes, confirmMinutes, approveMinutes, requestMinutesChange, reviseMinutes, offerMinutes: the minutes; commentRecord: the members' comment window (issue 14)
    expect(VERB_LIST).toHaveLength(36);
  });

  it("accepts a case's minutes from the agenda card's item input, and refuses a forged item", () => {
    expect(parseCardAction("setCaseMinutes", { meetingId: M, caseId: C, item: "2", minutes_2: "20" })).toMatchObject({
      ok: true,
      action: { verb: "setCaseMinutes", item: 2, minutes_2: "20" },
    });
    // Input.Number may arrive as a number; what is a valid number of minutes is the rule's to say.
    expect(parseCardAction("setCaseMinutes", { meetingId: M, caseId: C, item: 1, minutes_1: 25 })).toMatchObject({ ok: true, action: { minutes_1: "25" } });
    expect(parseCardAction("setCaseMinutes", { meetingId: M, caseId: C, item: "61" }).ok).toBe(false);
    expect(parseCardAction("setCaseMinutes", { meetingId: M, caseId: "x", item: "1" }).ok).toBe(false);
  });

  it("accepts the upload card's «Lagre» with the picked case and one title per file, and refuses a forged upload id", () => {
    const uploadId = `u-${"a1".repeat(16)}`;
    expect(parseCardAction("storeDocuments", { uploadId, caseId: C, title_0: "Epikrise", title_1: "Notat" })).toEqual({
      ok: true,
      action: { verb: "storeDocuments", uploadId, caseId: C, title_0: "Epikrise", title_1: "Notat" },
    });
    expect(parseCardAction("storeDocuments", { uploadId: "../pending/x", caseId: C }).ok).toBe(false);
    expect(parseCardAction("storeDocuments", { uploadId, caseId: C, title_0: "<b>x</b>" }).ok).toBe(false);
  });

  it("accepts an answer to the papers with an optional reason, and a conflict declared on the papers' item", () => {
    expect(parseCardAction("replyPapers", { meetingId: M, answer: "apologies", apologiesReason: "", from: "papers" }).ok).toBe(true);
    expect(parseCardAction("replyPapers", { meetingId: M, answer: "coming" }).ok).toBe(true);
    expect(parseCardAction("replyPapers", { meetingId: M, answer: "maybe" }).ok).toBe(false);
    expect(parseCardAction("replyPapers", { meetingId: M, answer: "apologies", apologiesReason: "Pasient 01017000027" }).ok).toBe(false);
    const conflict = parseCardAction("declareConflictAhead", { meetingId: M, caseId: C, item: "2", conflictReason_2: "Eier aksjer" });
    expect(conflict).toMatchObject({ ok: true, action: { item: 2, conflictReason_2: "Eier aksjer" } });
    expect(parseCardAction("declareConflictAhead", { meetingId: M, caseId: C, item: "21" }).ok).toBe(false);
  });

  it("strips unknown keys such as msteams", () => {
    const r = parseCardAction("position", {
      meetingId: M,
      caseId: C,
      position: "grant",
      msteams: { type: "task/fetch" },
      personId: "m-vest-1",
      __proto__: { admin: true },
    });
    expect(r).toEqual({ ok: true, action: { verb: "position", meetingId: M, caseId: C, position: "grant" } });
  });

  it("trims reasons", () => {
    const r = parseCardAction("defer", { meetingId: M, caseId: C, deferReason: "  trenger mer informasjon \n" });
    expect(r).toEqual({ ok: true, action: { verb: "defer", meetingId: M, caseId: C, deferReason: "trenger mer informasjon" } });
  });

  it("accepts a reason of exactly 500 characters and rejects 501", () => {
    const at = "a".repeat(MAX_REASON_CHARS);
    expect(parseCardAction("declareConflict", { meetingId: M, caseId: C, conflictReason: at }).ok).toBe(true);
    expect(parseCardAction("declareConflict", { meetingId: M, caseId: C, conflictReason: `${at}a` }).ok).toBe(false);
  });

  it("lets the data not override the verb", () => {
    const r = parseCardAction("refreshCase", { verb: "conclude", meetingId: M, caseId: C });
    expect(r).toEqual({ ok: true, action: { verb: "refreshCase", meetingId: M, caseId: C } });
  });

  describe("refuses hostile input, never throwing", () => {
    const hostileVerbs: unknown[] = [
      undefined,
      null,
      42,
      {},
      [],
      "",
      "CHECKIN",
      "checkin",
      "conclude ",
      "deleteCase",
      "__proto__",
      "constructor",
      "toString",
      "<script>alert(1)</script>",
      "position'; DROP TABLE cases;--",
      "x".repeat(1_000_000),
    ];
    it.each(hostileVerbs.map((v) => [String(v).slice(0, 40), v]))("verb %s", (_label, verb) => {
      const r = parseCardAction(verb, { meetingId: M, caseId: C, position: "grant" });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toEqual([{ path: "verb", code: "error.unknownAction" }]);
    });

    const hostileData: [string, unknown][] = [
      ["undefined", undefined],
      ["null", null],
      ["a string", "meetingId=M-2026-11-27"],
      ["a number", 7],
      ["an array", [M, C]],
      ["empty", {}],
      ["wrong types", { meetingId: 2026, caseId: ["TO-2026-014"], position: true }],
      ["script in id", { meetingId: "<script>alert(1)</script>", caseId: C, position: "grant" }],
      ["SQL in id", { meetingId: M, caseId: "TO-2026-014' OR '1'='1", position: "grant" }],
      ["id with trailing newline", { meetingId: `${M}\n`, caseId: C, position: "grant" }],
      ["id with suffix", { meetingId: M, caseId: `${C}; DROP`, position: "grant" }],
      ["cosmos query", { meetingId: "M-2026-11-27-x OR 1=1", caseId: C, position: "grant" }],
      ["huge id", { meetingId: `M-2026-11-27-${"a".repeat(1_000_000)}`, caseId: C, position: "grant" }],
      ["unknown position", { meetingId: M, caseId: C, position: "abstain" }],
      ["script position", { meetingId: M, caseId: C, position: "<script>" }],
      ["position in caps", { meetingId: M, caseId: C, position: "GRANT" }],
      ["object position", { meetingId: M, caseId: C, position: { $ne: null } }],
      ["missing case", { meetingId: M, position: "grant" }],
    ];
    it.each(hostileData)("position data: %s", (_label, data) => {
      const r = parseCardAction("position", data);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
    });

    const hostileReasons: [string, unknown][] = [
      ["missing", undefined],
      ["empty", ""],
      ["whitespace", "   \n\t "],
      ["a number", 42],
      ["an object", { text: "x" }],
      ["huge", "x".repeat(5_000_000)],
      ["501 chars", "y".repeat(501)],
      ["script tag", "<script>alert('x')</script>"],
      ["img tag", "ok <img src=x onerror=alert(1)>"],
      ["control chars", "reason\u0000with nul"],
    ];
    it.each(hostileReasons)("conflict reason: %s", (_label, conflictReason) => {
      expect(parseCardAction("declareConflict", { meetingId: M, caseId: C, conflictReason }).ok).toBe(false);
      expect(parseCardAction("defer", { meetingId: M, caseId: C, deferReason: conflictReason }).ok).toBe(false);
    });

    it("accepts SQL-looking plain text as a reason: it is text, stored as data, never interpreted", () => {
      const r = parseCardAction("declareConflict", { meetingId: M, caseId: C, conflictReason: "Robert'); DROP TABLE cases;-- er min svoger" });
      expect(r.ok).toBe(true);
    });

    it("survives data whose getters throw", () => {
      const data = Object.defineProperty({ caseId: C }, "meetingId", {
        enumerable: true,
        get() {
          throw new Error("boom");
        },
      });
      expect(parseCardAction("conclude", data)).toEqual({ ok: false, problems: [{ path: "data", code: "input.invalid" }] });
    });

    it("does not echo hostile values in its issues", () => {
      const r = parseCardAction("position", { meetingId: M, caseId: C, position: "<script>alert(1)</script>" });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(JSON.stringify(r.problems)).not.toContain("<script>");
      const r2 = parseCardAction("position", { meetingId: "<b>x</b>", caseId: C, position: "grant" });
      if (!r2.ok) expect(JSON.stringify(r2.problems)).not.toContain("<b>");
    });
  });
});
