/**
 * The 105-minute check after an activity in a meeting chat (issue 13) reads the
 * store: a busy meeting's clicks must not each pay for it. At most one check per
 * chat per minute of the turns' time; other chats and later minutes are checked.
 */
import { describe, expect, it } from "vitest";
import type { TeamsApp } from "../../src/teams/context.js";
import { TIME_CHECK_EVERY_MS, watchMeetingTime } from "../../src/teams/meeting/time-warning.js";

function fakeApp(): { app: TeamsApp; runs: () => number } {
  let runs = 0;
  const app = { tasks: { run: () => void runs++ } } as unknown as TeamsApp;
  return { app, runs: () => runs };
}
const op = (at: string) => ({ id: `a-${at}`, at });

describe("the time check after meeting-chat activities", () => {
  it("checks a chat once for a burst of clicks, again a minute later, and other chats on their own", () => {
    const { app, runs } = fakeApp();
    for (let s = 0; s < 50; s++) watchMeetingTime(app, "19:meeting-a", op(new Date(Date.UTC(2026, 11, 14, 13, 0, s)).toISOString()));
    expect(runs()).toBe(1);
    watchMeetingTime(app, "19:meeting-b", op("2026-12-14T13:00:30.000Z"));
    expect(runs()).toBe(2);
    watchMeetingTime(app, "19:meeting-a", op(new Date(Date.UTC(2026, 11, 14, 13, 0, 0) + TIME_CHECK_EVERY_MS).toISOString()));
    expect(runs()).toBe(3);
  });
});
