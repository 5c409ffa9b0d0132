import { describe, expect, it } from "vitest";
import {
  checkAnswer,
  checkPlan,
  defaultReviewDate,
  followUpOutcomesByMethod,
  followUpStage,
  nextFollowUpStep,
  type AnswerInput,
  type FollowUp,
} from "../../src/domain/follow-up.js";
import {
  checkProposalText,
  moveProposal,
  proposalReminderDue,
  proposalsByStatus,
  suggestsGroupProposal,
  type GroupProposal,
} from "../../src/domain/group-proposal.js";

const plan = { startCriteria: "Start", stopCriteria: "Stopp", reporting: "Rapport", reviewDate: "2027-06-14", responsibleHfId: "helse-bergen" };
const fu = (o: Partial<FollowUp> = {}): FollowUp => ({
  caseId: "TO-2026-014",
  caseCode: "TO-2026-014",
  recordId: "TO-2026-014-v1",
  nyeMetoderId: "ID2023_045",
  methodName: "Metode",
  decidedOn: "2026-12-14",
  groundsMet: [],
  plan,
  ...o,
});
const input = (o: Partial<AnswerInput>): AnswerInput => ({ started: "", continuing: "", stopReason: "", effect: "", comment: "", ...o });

describe("a grant's follow-up plan", () => {
  it("puts the review date six months (or as configured) after the decision", () => {
    expect(defaultReviewDate("2026-12-14", 6)).toBe("2027-06-14");
    expect(defaultReviewDate("2026-08-31", 6)).toBe("2027-02-28");
  });

  it("refuses a review date on or before the decision, a date that does not exist, and a national id in a text", () => {
    expect(checkPlan({ ...plan, reviewDate: "2026-12-14" }, "2026-12-14")).toMatchObject({
      ok: false,
      reason: { code: "followUp.reviewDateNotAfterDecision" },
    });
    expect(checkPlan({ ...plan, reviewDate: "2027-02-30" }, "2026-12-14")).toMatchObject({ ok: false, reason: { code: "followUp.reviewDateInvalid" } });
    expect(checkPlan({ ...plan, reporting: "fnr 15057543288" }, "2026-12-14")).toMatchObject({ ok: false, reason: { code: "privacy.nationalIdInText" } });
    expect(checkPlan(plan, "2026-12-14")).toEqual({ ok: true, value: plan });
  });
});

describe("the HF's answer", () => {
  it.each<[string, Partial<AnswerInput>, string]>([
    ["nothing answered", {}, "followUp.startedRequired"],
    ["not started but more answered", { started: "no", effect: "asExpected" }, "followUp.notStartedNoMore"],
    ["started without continuing", { started: "yes" }, "followUp.continuingRequired"],
    ["stopped without a reason", { started: "yes", continuing: "no", effect: "notAsExpected" }, "followUp.stopReasonRequired"],
    ["continuing with a reason", { started: "yes", continuing: "yes", stopReason: "death", effect: "asExpected" }, "followUp.stopReasonWhileContinuing"],
    ["started without the effect", { started: "yes", continuing: "yes" }, "followUp.effectRequired"],
    ["a national id in the comment", { started: "no", comment: "15057543288" }, "privacy.nationalIdInText"],
  ])("refuses %s", (_l, o, code) => {
    expect(checkAnswer(input(o), "p", "t")).toMatchObject({ ok: false, reason: { code } });
  });

  it("takes a consistent answer", () => {
    expect(checkAnswer(input({ started: "no", comment: " Ønsket ikke. " }), "p", "t")).toEqual({
      ok: true,
      value: { started: false, comment: "Ønsket ikke.", by: "p", at: "t" },
    });
    expect(checkAnswer(input({ started: "yes", continuing: "no", stopReason: "sideEffects", effect: "notAsExpected" }), "p", "t")).toEqual({
      ok: true,
      value: { started: true, continuing: false, stopReason: "sideEffects", effect: "notAsExpected", by: "p", at: "t" },
    });
  });
});

describe("the follow-up's steps", () => {
  it("sends on the review date, reminds after N working days, is overdue after N more, and stops once answered", () => {
    const f = fu();
    expect(nextFollowUpStep(f, "2027-06-13T12:00:00+02:00", 5)).toBeUndefined();
    expect(followUpStage(f, "2027-06-13T12:00:00+02:00")).toBe("scheduled");
    expect(nextFollowUpStep(f, "2027-06-14T08:00:00+02:00", 5)).toBe("send");
    const sent = fu({ sentAt: "2027-06-14T08:00:00+02:00" });
    expect(followUpStage(sent, "2027-06-15")).toBe("due");
    expect(nextFollowUpStep(sent, "2027-06-18T12:00:00+02:00", 5)).toBeUndefined(); // 4 working days
    expect(nextFollowUpStep(sent, "2027-06-21T12:00:00+02:00", 5)).toBe("remind"); // Monday: 5
    const reminded = fu({ ...sent, remindedAt: "2027-06-21T12:00:00+02:00" });
    expect(followUpStage(reminded, "2027-06-22")).toBe("reminded");
    expect(nextFollowUpStep(reminded, "2027-06-28T12:00:00+02:00", 5)).toBe("overdue");
    const overdue = fu({ ...reminded, overdueAt: "2027-06-28T12:00:00+02:00" });
    expect(followUpStage(overdue, "2027-07-01")).toBe("overdue");
    expect(nextFollowUpStep(overdue, "2027-09-01T12:00:00+02:00", 5)).toBeUndefined();
    const answered = fu({ ...overdue, answer: { started: false, by: "p", at: "2027-07-01" } });
    expect(followUpStage(answered, "2027-07-02")).toBe("answered");
    expect(nextFollowUpStep(answered, "2027-09-01T12:00:00+02:00", 5)).toBeUndefined();
  });

  it("counts outcomes per method, comments never", () => {
    const a = (o: Partial<NonNullable<FollowUp["answer"]>>) => ({ started: true, by: "p", at: "t", ...o });
    const out = followUpOutcomesByMethod([
      fu({ nyeMetoderId: "ID2023_045", answer: a({ continuing: true, effect: "asExpected", comment: "hemmelig" }) }),
      fu({ nyeMetoderId: "ID2023_045", answer: a({ continuing: false, stopReason: "death", effect: "notAsExpected" }) }),
      fu({ nyeMetoderId: "ID2023_045", overdueAt: "x" }),
      fu({ nyeMetoderId: "ID2021_019", answer: { started: false, by: "p", at: "t" } }),
    ]);
    expect(out.map((o) => [o.nyeMetoderId, o.followUps, o.answered, o.notStarted, o.continuing, o.stopped.death, o.effect.asExpected, o.overdue])).toEqual([
      ["ID2021_019", 1, 1, 1, 0, 0, 0, 0],
      ["ID2023_045", 3, 2, 0, 1, 1, 1, 1],
    ]);
    expect(JSON.stringify(out)).not.toContain("hemmelig");
  });
});

describe("group-level proposals", () => {
  const p: GroupProposal = {
    caseId: "c",
    caseCode: "c",
    nyeMetoderId: "m",
    methodName: "m",
    text: "t",
    status: "toSend",
    createdAt: "2026-12-14T10:00:00+01:00",
    createdBy: "coord",
    history: [{ status: "toSend", at: "2026-12-14T10:00:00+01:00", by: "coord" }],
  };
  it("is suggested after a grant on økt nytte found met, not otherwise", () => {
    expect(suggestsGroupProposal({ outcome: "granted", grounds: [{ ground: "increasedBenefit", finding: "met" }] })).toBe(true);
    expect(suggestsGroupProposal({ outcome: "granted", grounds: [{ ground: "increasedBenefit", finding: "notMet" }] })).toBe(false);
    expect(suggestsGroupProposal({ outcome: "rejected", grounds: [{ ground: "increasedBenefit", finding: "met" }] })).toBe(false);
  });
  it("needs a text without a national id, and moves forward only", () => {
    expect(checkProposalText("  ")).toMatchObject({ ok: false, reason: { code: "proposal.textRequired" } });
    expect(checkProposalText("15057543288")).toMatchObject({ ok: false, reason: { code: "privacy.nationalIdInText" } });
    const sent = moveProposal(p, "sentToNyeMetoder", "coord", "later");
    expect(sent).toMatchObject({ ok: true, value: { status: "sentToNyeMetoder" } });
    expect(sent.ok && moveProposal(sent.value, "toSend", "coord", "later")).toMatchObject({ ok: false, reason: { code: "proposal.statusBackwards" } });
    expect(moveProposal(p, "toSend", "coord", "later")).toEqual({ ok: true, value: p });
  });
  it("reminds once after N working days while still to be sent, and counts by status", () => {
    expect(proposalReminderDue(p, "2026-12-18T12:00:00+01:00", 10)).toBe(false);
    expect(proposalReminderDue(p, "2026-12-30T12:00:00+01:00", 10)).toBe(true); // working days: Christmas Day excluded
    expect(proposalReminderDue({ ...p, remindedAt: "x" }, "2027-02-01T12:00:00+01:00", 10)).toBe(false);
    expect(proposalReminderDue({ ...p, status: "sentToNyeMetoder" }, "2027-02-01T12:00:00+01:00", 10)).toBe(false);
    expect(proposalsByStatus([p, p, { ...p, status: "answered" }])).toEqual({ toSend: 2, sentToNyeMetoder: 0, answered: 1 });
  });
});
