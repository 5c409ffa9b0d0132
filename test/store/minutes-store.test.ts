import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveMinutes, confirmMinutes, draftMinutes, editMinutes, reviseMinutes, type Minutes } from "../../src/domain/minutes.js";
import { minutesRepository } from "../../src/store/repositories/minutes.js";
import { meetingRepository } from "../../src/store/repositories/meetings.js";
import { demoRoster } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";

const meeting = { id: "M-2026-11-27", date: "2026-11-27", startsAt: "2026-11-27T13:00:00.000+01:00", kind: "regular" as const, agenda: ["TO-2026-001"] };
const draft = (): Minutes =>
  draftMinutes({
    meeting,
    roster: demoRoster(),
    cases: [{ id: "TO-2026-001", code: "TO-2026-001" }],
    attendance: [],
    conclusions: [],
    conflicts: [],
    experts: [],
    takenUp: [],
    draftedBy: "coord",
    at: "2026-11-27T13:10:00.000Z",
  });
const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error("expected ok");
  return r.value;
};

describe("the minutes repository", () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await makeTestStore();
    await meetingRepository(t.store).add(meeting);
  });
  afterAll(() => t.dispose());

  it("stores each version once, in the meeting's partition, beside the meeting's facts", async () => {
    const repo = minutesRepository(t.store);
    expect(await repo.add(draft())).toBe(true);
    expect(await repo.add(draft())).toBe(false); // a redelivered meeting end drafts nothing new
    expect((await repo.versions(meeting.id)).map((m) => m.id)).toEqual(["M-2026-11-27:minutes:v1"]);
    // The meeting's own reads are not disturbed by the minutes document.
    expect((await meetingRepository(t.store).load(meeting.id))?.meeting.id).toBe(meeting.id);
  });

  it("changes a draft, and never writes an approved version again (a change is a new version)", async () => {
    const repo = minutesRepository(t.store);
    const id = "M-2026-11-27:minutes:v1";
    await repo.change(meeting.id, id, (m) => value(editMinutes(m, "Notat")));
    await repo.change(meeting.id, id, (m) => value(confirmMinutes(m, "coord", "2026-11-27T14:00:00.000Z")));
    const approved = await repo.change(meeting.id, id, (m) => value(approveMinutes(m, "chair", "2026-11-27T15:00:00.000Z")));
    expect(approved).toMatchObject({ status: "approved", notes: "Notat" });
    expect((await repo.change(meeting.id, id, (m) => ({ ...m, notes: "etterpå" })))?.notes).toBe("Notat");
    expect((await repo.get(meeting.id, id))?.notes).toBe("Notat");
    expect(await repo.add(value(reviseMinutes(approved!, "coord", "2026-11-28T09:00:00.000Z")))).toBe(true);
    expect((await repo.versions(meeting.id)).map((m) => [m.version, m.status])).toEqual([
      [1, "approved"],
      [2, "draft"],
    ]);
  });
});
