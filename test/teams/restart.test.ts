/**
 * A restart in the middle of a meeting (the process stops, `npm start` runs
 * again): the embedded store's data survives, and the meeting goes on from the
 * stored state — attendance, positions and the taken-up case included.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, participantJoin } from "../support/activities.js";
import { BotHarness, invokeCard } from "../support/bot-harness.js";
import { latestRecord } from "../../src/app/coordinator/records.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const CASE = `TO-${today.year}-003`;

describe("a restart in the middle of a meeting", () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps everything stored before the restart and lets the chair conclude after it", async () => {
    dir = await mkdtemp(join(tmpdir(), "komitebot-restart-"));
    const first = await BotHarness.start({ embeddedDataDir: dir });
    await first.send(botAddedToMeeting(first.url, first.who("chair")));
    await first.send(
      participantJoin(
        first.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => first.who(id)),
      ),
    );
    await first.send(cardAction(first.url, first.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1"]) {
      await first.send(cardAction(first.url, first.who(m), "position", { meetingId: MEETING, caseId: CASE, position: "grant" }));
    }
    const connector = first.connector;
    await first.stop(true);

    const second = await BotHarness.start({ embeddedDataDir: dir, connector });
    try {
      const state = await second.svc.meetings.load(MEETING);
      expect(state?.meeting.currentCaseId).toBe(CASE);
      expect(state?.positions.filter((p) => p.caseId === CASE)).toHaveLength(3);
      expect(state?.attendance.filter((a) => a.present)).toHaveLength(4);
      expect(
        invokeCard(await second.send(cardAction(second.url, second.who("m-midt-2"), "position", { meetingId: MEETING, caseId: CASE, position: "grant" }))),
      ).toBeTruthy();
      expect(invokeCard(await second.send(cardAction(second.url, second.who("chair"), "conclude", { meetingId: MEETING, caseId: CASE })))).toBeTruthy();
      expect((await second.svc.cases.byCode(CASE))?.outcome).toBe("granted");
    } finally {
      await second.stop();
    }
  });
});

describe("a stop right after the chair's conclusion", () => {
  it("drafts the missing decision record on the next follow-up run", async () => {
    const h = await BotHarness.start();
    try {
      await h.send(botAddedToMeeting(h.url, h.who("chair")));
      await h.send(
        participantJoin(
          h.url,
          ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
        ),
      );
      await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
      for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
        await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: CASE, position: "reject" }));
      }
      // The conclusion is stored, but the process "stops" before the record is drafted: undo the draft's effects.
      await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: CASE }));
      const record = (await latestRecord(h.svc, CASE))!;
      await h.store.update<any>("records", CASE, record.id, () => undefined);
      await (h.store as any).container("records").item(record.id, CASE).delete();
      await h.store.update<any>("cases", CASE, CASE, (c: any) => ({ ...c, status: "rejected" }));
      expect(await latestRecord(h.svc, CASE)).toBeUndefined();

      await h.host.timers.runOnce();
      expect((await latestRecord(h.svc, CASE))?.outcome).toBe("rejected");
      expect((await h.svc.cases.byCode(CASE))?.status).toBe("recordDrafted");
    } finally {
      await h.stop();
    }
  });
});
