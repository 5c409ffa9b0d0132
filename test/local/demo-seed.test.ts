/**
 * The demo data of the local run (src/demo/seed.ts) is seeded once per data
 * folder: today's meeting at 13:00 Oslo with the three demo cases, the next two
 * of the fortnightly series; a start on a later day on the same folder adds
 * nothing — no second meeting with the (possibly decided) demo cases — and the
 * launcher points at the demo meeting it already has.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { demoMeetings, seedDemo } from "../../src/demo/seed.js";
import { demoMeetingOf, meetingLines } from "../../src/local/launcher.js";
import { repositories } from "../../src/store/repositories/index.js";
import { botAddedToMeeting, cardAction, participantJoin } from "../support/activities.js";
import { BotHarness } from "../support/bot-harness.js";
import { TestClock, testToday } from "../support/clock.js";
import { makeTestStore } from "../support/store.js";

const OSLO = "Europe/Oslo";

describe("the demo data of the local run", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("puts today's meeting at 13:00 Oslo with the three demo cases, and the next two 14 and 28 days later", () => {
    const today = testToday.toISODate()!;
    const [first, second, third] = demoMeetings(testToday.toJSDate());
    expect(first).toMatchObject({ id: `M-${today}`, date: today, kind: "regular", agenda: [1, 2, 3].map((n) => `TO-${testToday.year}-00${n}`) });
    expect(DateTime.fromISO(first!.startsAt, { zone: OSLO }).toFormat("yyyy-MM-dd HH:mm")).toBe(`${today} 13:00`);
    for (const [m, days] of [
      [second!, 14],
      [third!, 28],
    ] as const) {
      const date = testToday.plus({ days }).toISODate()!;
      expect(m).toMatchObject({ id: `M-${date}`, date, agenda: [] });
      expect(DateTime.fromISO(m.startsAt, { zone: OSLO }).toFormat("yyyy-MM-dd HH:mm")).toBe(`${date} 13:00`);
    }
  });

  it("keeps 13:00 Oslo time across a change to summer time", () => {
    const beforeDst = DateTime.fromISO("2027-03-20T10:00", { zone: OSLO }).toJSDate();
    expect(demoMeetings(beforeDst).map((m) => m.startsAt)).toEqual([
      "2027-03-20T13:00:00.000+01:00",
      "2027-04-03T13:00:00.000+02:00",
      "2027-04-17T13:00:00.000+02:00",
    ]);
  });

  it("seeds a store with no cases, and nothing into a store that has cases", async () => {
    const t = await makeTestStore();
    try {
      const repos = repositories(t.store);
      expect(await seedDemo(repos, testToday.toJSDate())).toEqual({ seeded: true, meetings: 3, cases: 3 });
      const later = testToday.plus({ days: 3 }).toJSDate();
      expect(await seedDemo(repos, later)).toEqual({ seeded: false, meetings: 0, cases: 0 });
      expect((await repos.meetings.all()).map((m) => m.id)).toEqual(demoMeetings(testToday.toJSDate()).map((m) => m.id));
    } finally {
      await t.dispose();
    }
  });

  it("adds nothing when the app starts again on a later day on the same data folder, after a case was decided", async () => {
    const dir = await mkdtemp(join(tmpdir(), "komitebot-seed-"));
    dirs.push(dir);
    const meeting = `M-${testToday.toISODate()}`;
    const urgent = `TO-${testToday.year}-003`;

    const first = await BotHarness.start({ embeddedDataDir: dir });
    let before: { meetings: string[]; cases: string[] };
    try {
      await first.send(botAddedToMeeting(first.url, first.who("chair")));
      await first.send(
        participantJoin(
          first.url,
          ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => first.who(id)),
        ),
      );
      await first.send(cardAction(first.url, first.who("chair"), "takeUpCase", { meetingId: meeting, caseId: urgent }));
      for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
        await first.send(cardAction(first.url, first.who(m), "position", { meetingId: meeting, caseId: urgent, position: "grant" }));
      }
      await first.send(cardAction(first.url, first.who("chair"), "conclude", { meetingId: meeting, caseId: urgent }));
      expect((await first.svc.cases.byCode(urgent))?.outcome).toBe("granted");
      before = {
        meetings: (await first.svc.meetings.all()).map((m) => `${m.id}:${m.agenda.join(",")}`),
        cases: (await first.svc.cases.all()).map((c) => `${c.id}:${c.status}:${c.meetingId}`),
      };
    } finally {
      await first.stop();
    }

    const dayAfter = new TestClock(testToday.plus({ days: 1 }).set({ hour: 9 }).toJSDate());
    const second = await BotHarness.start({ embeddedDataDir: dir, clock: dayAfter });
    try {
      const meetings = await second.svc.meetings.all();
      expect(meetings.map((m) => `${m.id}:${m.agenda.join(",")}`)).toEqual(before.meetings);
      expect((await second.svc.cases.all()).map((c) => `${c.id}:${c.status}:${c.meetingId}`)).toEqual(before.cases);
      expect(await second.svc.meetings.get(`M-${dayAfter.oslo().toISODate()}`)).toBeUndefined();
      expect(second.logLines.join("")).toMatch(/"seeded":false[^\n]*"msg":"demo data ready"/);

      // The launcher points at the demo meeting it has, and says how to play it or start over.
      const today = dayAfter.oslo().toISODate()!;
      const demo = demoMeetingOf(meetings, today);
      expect(demo?.id).toBe(meeting);
      const lines = meetingLines({ meeting: demo, today }).join("\n");
      expect(lines).toContain("Ingen komitémøte i dag");
      expect(lines).toContain(`«@Komitébot koble møte ${meeting}»`);
      expect(lines).toContain("rm -rf .data");
    } finally {
      await second.stop();
    }
  });

  it("tells the launcher today's meeting on the day it was seeded", () => {
    const today = testToday.toISODate()!;
    const meetings = demoMeetings(testToday.toJSDate());
    expect(demoMeetingOf(meetings, today)?.id).toBe(`M-${today}`);
    expect(meetingLines({ meeting: demoMeetingOf(meetings, today), today })).toEqual([`Dagens møte: M-${today} (3 saker på sakslista)`]);
  });
});
