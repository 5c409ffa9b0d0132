/**
 * Issue 16: several app instances on one store send each reminder, papers run
 * and follow-up exactly once, and an instance that died holding a lease gives
 * its work up when the lease expires.
 *
 * Two hosts (startHost, each with its own HTTP port and lease owner) share one
 * Cosmos database and one fake Bot Connector; their timers are driven from
 * both at once, and «send papirer» reaches both at once. A third "instance"
 * claims a job's lease and then disappears (it never renews or releases): the
 * job waits for the lease to expire on the pinned clock, then runs once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEASE_TTL_MS } from "../../src/app/leases.js";
import { addWorkingDays, inOslo } from "../../src/domain/calendar.js";
import { startHost, type Host } from "../../src/host.js";
import { createLogger } from "../../src/log.js";
import { timerLease } from "../../src/timers.js";
import { installationUpdate, personalMessage, stampActivitiesWith } from "../support/activities.js";
import { TestClock } from "../support/clock.js";
import { FakeConnector } from "../support/fake-connector.js";
import { makeTestStore, type TestStore } from "../support/store.js";

const clock = new TestClock();
const today = clock.oslo().startOf("day");
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;

let store: TestStore;
let connector: FakeConnector;
let a: Host;
let b: Host;
let unstamp: () => void;

const start = (owner: string) =>
  startHost({
    store: store.store,
    port: 0,
    cardUpdateWindowMs: 0,
    timerIntervalMs: 0,
    log: createLogger("silent"),
    now: clock.now,
    instanceOwner: owner,
    env: { KOMITEBOT_MODE: "local", DEMO_DATA: "true", LOG_LEVEL: "silent" },
  });

const who = (id: string) => {
  const p = a.services.roster.people.find((x) => x.id === id)!;
  return { aadObjectId: p.aadObjectId!, name: p.name, locale: "nb-NO" };
};

const post = async (host: Host, activity: object) => {
  const res = await fetch(`${host.server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  await res.text();
  await host.teams.tasks.flush();
};

const oneOnOne = (id: string) => `a:1on1-${who(id).aadObjectId}`;
/** The cards the bot sent a person in their 1:1 chat, by whichever instance. */
const cardsTo = (id: string) =>
  connector
    .sent(oneOnOne(id))
    .flatMap((x) => x.attachments ?? [])
    .map((x: any) => x.content);
const cardText = (card: unknown) => JSON.stringify(card);

beforeAll(async () => {
  store = await makeTestStore();
  connector = await new FakeConnector().start();
  unstamp = stampActivitiesWith(clock.now);
  a = await start("instance-a");
  b = await start("instance-b");
  for (const id of ["coord", "m-vest-1", "m-sorost-1", "m-midt-1", "m-nord-1"]) await post(a, installationUpdate(connector.url, who(id)));
});

afterAll(async () => {
  unstamp?.();
  await a?.close();
  await b?.close();
  await connector?.stop();
  await store?.dispose();
});

describe("two instances on one store", () => {
  it("remind the coordinator of late papers once, however the timers of both run", async () => {
    // An hour before today's 13:00 meeting: its papers (due two working days before) were never sent.
    clock.set(today.set({ hour: 12 }));
    connector.reset();
    const runs = await Promise.all([a.timers.run("papersReminders"), b.timers.run("papersReminders"), a.timers.run("papersReminders")]);
    expect(runs.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    await Promise.all([a.timers.runOnce(), b.timers.runOnce()]);
    // The one card the coordinator got is that reminder (the alert card names the meeting's date, not its id).
    expect(cardsTo("coord")).toHaveLength(1);
    expect(cardText(cardsTo("coord")[0])).toContain(String(today.year));
    expect((await a.services.meetings.reminder(MEETING, "papersLate"))?.delivered).toBe(true);
  });

  it("sends each member their papers once when «send papirer» reaches both instances at once", async () => {
    connector.reset();
    await Promise.all([
      post(a, personalMessage(connector.url, who("coord"), `send papirer ${MEETING}`)),
      post(b, personalMessage(connector.url, who("coord"), `send papirer ${MEETING}`)),
    ]);
    for (const id of ["m-vest-1", "m-sorost-1", "m-midt-1", "m-nord-1"]) expect(cardsTo(id), id).toHaveLength(1);
    // One instance sent them and reported it; the other said a run was under way (or, had the first finished, found nothing left to send).
    const said = connector
      .sent(oneOnOne("coord"))
      .map((x) => x.text as string | undefined)
      .filter(Boolean);
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect((await a.services.meetings.get(MEETING))?.papersSentAt).toBeDefined();
    // A later run from the other instance sends nobody their papers again.
    await post(b, personalMessage(connector.url, who("coord"), `send papirer ${MEETING}`));
    for (const id of ["m-vest-1", "m-sorost-1", "m-midt-1", "m-nord-1"]) expect(cardsTo(id), id).toHaveLength(1);
  });

  it("follows up an unacknowledged decision once, with the timers of both instances running at once", async () => {
    await sentLongAgo(`TO-${Y}-003`);
    connector.reset();
    await Promise.all([a.timers.run("ackFollowUps"), b.timers.run("ackFollowUps"), b.timers.run("ackFollowUps")]);
    await Promise.all([a.timers.runOnce(), b.timers.runOnce()]);
    const alerts = cardsTo("coord").filter((c) => cardText(c).includes(`TO-${Y}-003`));
    expect(alerts).toHaveLength(1);
    expect(cardsTo("coord")).toHaveLength(1);
    expect((await a.services.records.routing(`TO-${Y}-003`, `TO-${Y}-003-v1`))?.followUpAt).toBeDefined();
  });

  it("leaves a job to the instance holding its lease, and takes it over once a dead holder's lease expires", async () => {
    await sentLongAgo(`TO-${Y}-002`);
    // A third instance claims the follow-up job and dies: it never renews, never releases.
    const dead = await a.services.leases.claim(timerLease("ackFollowUps"), "instance-killed", LEASE_TTL_MS, clock.now().toISOString());
    expect(dead).toBeDefined();
    connector.reset();
    const blocked = await Promise.all([a.timers.run("ackFollowUps"), b.timers.run("ackFollowUps")]);
    expect(blocked.map((r) => r.ran)).toEqual([false, false]);
    expect(cardsTo("coord")).toHaveLength(0);

    clock.advance({ milliseconds: LEASE_TTL_MS - 5_000 });
    expect((await a.timers.run("ackFollowUps")).ran).toBe(false);
    expect(cardsTo("coord")).toHaveLength(0);

    clock.advance({ seconds: 10 });
    const taken = await Promise.all([a.timers.run("ackFollowUps"), b.timers.run("ackFollowUps")]);
    expect(taken.some((r) => r.ran)).toBe(true);
    const alerts = cardsTo("coord").filter((c) => cardText(c).includes(`TO-${Y}-002`));
    expect(alerts).toHaveLength(1);
    expect(cardsTo("coord")).toHaveLength(1);
  });

  it("lets exactly one of many concurrent claims win a lease, and the holder renew and release it", async () => {
    const at = clock.now().toISOString();
    const claims = await Promise.all(["i1", "i2", "i3", "i4"].map((owner) => a.services.leases.claim("test:race", owner, 60_000, at)));
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    const lease = winners[0]!;
    const later = new Date(Date.parse(at) + 50_000).toISOString();
    const renewed = await b.services.leases.renew(lease, 60_000, later);
    expect(renewed && Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(lease.expiresAt));
    // Past the first expiry but within the renewed one: still held.
    expect(await a.services.leases.claim("test:race", "other", 60_000, new Date(Date.parse(at) + 70_000).toISOString())).toBeUndefined();
    await a.services.leases.release(renewed!, later);
    expect(await a.services.leases.claim("test:race", "other", 60_000, later)).toBeDefined();
    // The old holder cannot renew a lease another instance has taken.
    expect(await a.services.leases.renew(renewed!, 60_000, later)).toBeUndefined();
  });
});

/** A confirmed record of the case, routed to its HF long enough ago that the follow-up is due, never acknowledged. */
async function sentLongAgo(caseId: string): Promise<void> {
  const sentAt = inOslo(clock.now().toISOString()).minus({ days: 20 }).toUTC().toISO()!;
  expect(inOslo(addWorkingDays(sentAt, a.env.ACK_FOLLOW_UP_WORKING_DAYS)) < clock.oslo()).toBe(true);
  await a.services.records.changeRouting(caseId, `${caseId}-v1`, () => ({
    caseId,
    recordId: `${caseId}-v1`,
    recipientId: "dir-stavanger",
    state: "sent",
    sentAt,
    activityId: "act-x",
    attempts: [{ at: sentAt, ok: true }],
  }));
}
