import { describe, expect, it } from "vitest";
import { approvalAllowed, checkComment, commentWindowCloses } from "../../src/domain/record-comments.js";
import type { DecisionRecord } from "../../src/domain/decision-record.js";

const record = {
  id: "TO-2026-003-v1",
  caseId: "TO-2026-003",
  status: "confirmed",
  confirmedAt: "2026-11-27T14:00:00.000Z",
  participants: [
    { personId: "m-midt-1", name: "A", hfName: "X" },
    { personId: "m-midt-2", name: "B", hfName: "Y" },
  ],
} as unknown as DecisionRecord;
const input = (over: Partial<Parameters<typeof checkComment>[1]> = {}) => ({
  personId: "m-midt-1",
  comment: " Enig ",
  at: "2026-11-27T15:00:00.000Z",
  hours: 24,
  earlier: [],
  ...over,
});

describe("the members' comment window", () => {
  it("is off at 0 hours and closes the given hours after the confirmation", () => {
    expect(commentWindowCloses(record, 0)).toBeUndefined();
    expect(commentWindowCloses(record, 24)).toBe("2026-11-28T14:00:00.000Z");
  });

  it("takes one comment per member who took part, within the window, without a national id", () => {
    expect(checkComment(record, input())).toMatchObject({ ok: true, value: { comment: "Enig", personId: "m-midt-1" } });
    expect(checkComment(record, input({ comment: "" }))).toMatchObject({ ok: true, value: { comment: "" } });
    expect(checkComment(record, input({ personId: "m-nord-1" }))).toMatchObject({ ok: false, reason: { code: "record.notParticipant" } });
    expect(checkComment(record, input({ at: "2026-11-28T14:00:00.000Z" }))).toMatchObject({ ok: false, reason: { code: "record.commentWindowClosed" } });
    expect(checkComment(record, input({ hours: 0 }))).toMatchObject({ ok: false, reason: { code: "record.commentWindowClosed" } });
    expect(checkComment(record, input({ comment: "fnr 15057543288" }))).toMatchObject({ ok: false, reason: { code: "privacy.nationalIdInText" } });
    const earlier = [{ caseId: record.caseId, recordId: record.id, personId: "m-midt-1", comment: "", at: "t" }];
    expect(checkComment(record, input({ earlier }))).toMatchObject({ ok: false, reason: { code: "record.alreadyCommented" } });
  });

  it("lets the chair approve when the window is off, closed, or everyone commented; otherwise says until when", () => {
    expect(approvalAllowed(record, [], 0, "2026-11-27T15:00:00.000Z").ok).toBe(true);
    expect(approvalAllowed(record, [], 24, "2026-11-28T14:00:00.000Z").ok).toBe(true);
    expect(approvalAllowed(record, [], 24, "2026-11-27T15:00:00.000Z")).toMatchObject({
      ok: false,
      reason: { code: "record.commentWindowOpen", params: { until: "2026-11-28T14:00:00.000Z", count: 2 } },
    });
    const all = ["m-midt-1", "m-midt-2"].map((personId) => ({ caseId: record.caseId, recordId: record.id, personId, comment: "", at: "t" }));
    expect(approvalAllowed(record, all, 24, "2026-11-27T15:00:00.000Z").ok).toBe(true);
  });
});
