import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Doc } from "../../src/store/document-store.js";
import { makeTestStore, type TestStore } from "../support/store.js";

interface SharedMeeting extends Doc {
  meetingId: string;
  type: "meeting";
  attendance: { personId: string; present: boolean }[];
  positions: Record<string, string>;
}

const N = 100;
const people = Array.from({ length: N }, (_, i) => `person-${String(i).padStart(3, "0")}`);

let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());

describe("100 members writing at once", () => {
  it("keeps every member's attendance and position exactly once in one shared meeting document", async () => {
    const meetingId = "M-shared";
    await t.store.create<SharedMeeting>("meetings", { id: meetingId, meetingId, type: "meeting", attendance: [], positions: {} });
    const retriesBefore = t.store.stats.updateConflictRetries;
    const started = performance.now();
    await Promise.all(
      people.map((personId) =>
        t.store.update<SharedMeeting>("meetings", meetingId, meetingId, (cur) => {
          if (!cur || cur.attendance.some((a) => a.personId === personId)) return undefined;
          return {
            ...cur,
            attendance: [...cur.attendance, { personId, present: true }],
            positions: { ...cur.positions, [personId]: "support" },
          };
        }),
      ),
    );
    const ms = performance.now() - started;
    const stored = (await t.store.get<SharedMeeting>("meetings", meetingId, meetingId))!.doc;
    expect(stored.attendance.map((a) => a.personId).sort()).toEqual(people);
    expect(Object.keys(stored.positions).sort()).toEqual(people);
    console.info(
      `100 concurrent updates of one document: ${ms.toFixed(0)} ms, ${t.store.stats.updateConflictRetries - retriesBefore} retries, max ${t.store.stats.maxUpdateAttemptsUsed} attempts for one update`,
    );
  });

  it("keeps every member's own document when 100 upserts run at once", async () => {
    const meetingId = "M-separate";
    const started = performance.now();
    await Promise.all(people.map((personId) => t.store.upsert("meetings", { id: `att:${personId}`, meetingId, type: "attendance", personId, present: true })));
    // A redelivery of the same facts changes nothing.
    await Promise.all(people.map((personId) => t.store.upsert("meetings", { id: `att:${personId}`, meetingId, type: "attendance", personId, present: true })));
    const ms = performance.now() - started;
    const docs = await t.store.query<{ personId: string }>("meetings", meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type = 'attendance'");
    expect(docs.map((d) => d.personId).sort()).toEqual(people);
    console.info(`200 concurrent upserts of separate documents: ${ms.toFixed(0)} ms`);
  });

  it("creates the shared document once when 100 updates race to create it", async () => {
    const meetingId = "M-created";
    await Promise.all(
      people.map((personId) =>
        t.store.update<SharedMeeting>("meetings", meetingId, meetingId, (cur) => {
          const base: SharedMeeting = cur ?? { id: meetingId, meetingId, type: "meeting", attendance: [], positions: {} };
          if (base.attendance.some((a) => a.personId === personId)) return undefined;
          return { ...base, attendance: [...base.attendance, { personId, present: true }] };
        }),
      ),
    );
    const stored = (await t.store.get<SharedMeeting>("meetings", meetingId, meetingId))!.doc;
    expect(stored.attendance.map((a) => a.personId).sort()).toEqual(people);
  });
});
