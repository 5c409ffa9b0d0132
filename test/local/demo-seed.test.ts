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
import { workingDayOnOrBefore } from "../../src/domain/calendar.js";
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

  it("puts today's meeting at 13:00 Oslo with the three demo cases, and the next two meetings fortnightly on working days", () => {
    const today = testToday.toISODate()!;
    const [first, second, third] = demoMeetings(testToday.toJSDate());
    expect(first).toMatchObject({ id: `M-${today}`, date: today, kind: "regular", agenda: [1, 2, 3].map((n) => `TO-${testToday.year}-00${n}`) });
    expect(DateTime.fromISO(first!.startsAt, { zone: OSLO }).toFormat("yyyy-MM-dd HH:mm")).toBe(`${today} 13:00`);
    for (const [m, weeks] of [[second!, 2], [third!, 4]] as const) {
      expect(m.date).toBe(workingDayOnOrBefore(testToday.plus({ weeks }).toISODate()!));
      expect(DateTime.fromISO(m.startsAt, { zone: OSLO }).toFormat("HH:mm")).toBe("13:00");
      expect(m.agenda).toEqual([]);
    }
  });

  it("keeps today's meeting on today even when today is not a working day, and moves a later one off a holiday", () => {
    // Saturday 12 December 2026: the series' next dates (26 Dec, 9 Jan) fall on Saturdays, so they move to Fridays,
    // and Friday 25 December is Christmas Day, so the first moves to Thursday 24 December.
    const saturday = DateTime.fromISO("2026-12-12T10:00", { zone: OSLO }).toJSDate();
    expect(demoMeetings(saturday).map((m) => m.date)).toEqual(["2026-12-12", "2026-12-24", "2027-01-08"]);
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
      await first.send(participantJoin(first.url, ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => first.who(id))));
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
