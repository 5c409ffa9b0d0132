/** Issue 13: a substitute Teams cannot reach, asked twice for one meeting, gets one kept invitation (the current one) — never two. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareConflictAhead, replyToPapers } from "../../src/app/meeting/preparation.js";
import { sampleCase } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";
import { actor, op, services } from "./fakes.js";

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());

describe("a substitute asked twice for one meeting", () => {
  it("keeps one invitation for an unreachable substitute — the recusal need, then their member's apologies — and delivers the widened one once", async () => {
    const db = repositories(t.store);
    const svc = services(t.store);
    const meetingId = "M-2027-05-07";
    const cases = ["TO-2027-501", "TO-2027-502"];
    for (const code of cases) await db.cases.add(sampleCase({ id: code, code, status: "onAgenda", meetingId }));
    await db.meetings.add({ id: meetingId, date: "2027-05-07", startsAt: "2027-05-07T09:00:00+02:00", kind: "regular", agenda: cases });
    svc.notifier.failFor.set("s-vest-1", "noConversation");

    const member = actor(svc.roster, "m-vest-1");
    const conflict = await declareConflictAhead(
      svc,
      { meetingId, caseId: cases[0]!, actor: member, reason: "Har behandlet pasienten" },
      op("2027-05-03T09:00:00+02:00"),
    );
    expect(conflict.ok && conflict.value.asked.map((a) => a.personId)).toEqual(["s-vest-1"]);
    const apologies = await replyToPapers(svc, { meetingId, actor: member, answer: "apologies" }, op("2027-05-03T10:00:00+02:00"));
    expect(apologies.ok && apologies.value.asked).toEqual([{ personId: "s-vest-1", delivery: { ok: false, reason: "noConversation", kept: true } }]);

    const waiting = await db.notices.waiting("s-vest-1");
    expect(waiting.filter((n) => n.notice.kind === "substituteInvited")).toHaveLength(1);
    // Tried once in Teams, then kept; the second need widened the invitation to the whole meeting without a second one.
    expect(svc.notifier.of("substituteInvited")).toHaveLength(1);
    const invitation = (await db.meetings.preparation(meetingId))?.invitations.find((i) => i.substituteId === "s-vest-1");
    expect(invitation).toMatchObject({ scope: "meeting", caseIds: cases });
  });
});
