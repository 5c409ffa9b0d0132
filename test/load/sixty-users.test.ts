/**
 * Sixty people act at once on one case, over HTTP: each checks in and states a
 * position, all 120 invokes in flight together. Every action must be recorded
 * exactly once — one attendance mark and one position per person, one audit
 * entry for each — with no errors.
 *
 * The demo roster has 24 people, so this test writes its own (ROSTER_FILE): 60
 * members across the four regions' HFs (none from Helse Stavanger, whose case
 * is used, so nobody is recused), each with a substitute, plus a chair and a
 * coordinator. The 60 who act are 52 members and the substitutes of the other
 * 8 members, who stay away — so each substitute stands in for an absent member.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction } from "../support/activities.js";
import { BotHarness, invokeCard, invokeMessage, type InvokeResult } from "../support/bot-harness.js";
import { DEMO_ROSTER } from "../../src/host.js";
import type { Person, Roster } from "../../src/domain/roster.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const CASE = `TO-${today.year}-003`; // applying HF: Helse Stavanger
const POSITIONS = ["grant", "reject", "defer"] as const;

const aad = (n: number) => `00000000-0000-4000-8000-${String(100_000_000_000 + n)}`;

async function writeRoster(dir: string): Promise<{ file: string; actors: Person[] }> {
  const demo = JSON.parse(await readFile(DEMO_ROSTER, "utf8")) as Roster;
  const hfs = demo.hfs.filter((hf) => hf.id !== "helse-stavanger");
  const members: Person[] = [];
  const substitutes: Person[] = [];
  for (let i = 0; i < 60; i++) {
    const hf = hfs[i % hfs.length]!;
    members.push({ id: `lm-${i}`, name: `Medlem ${i}`, role: "member", hfId: hf.id, isFagdirektor: i % 2 === 0, aadObjectId: aad(i) });
    substitutes.push({
      id: `ls-${i}`,
      name: `Vara ${i}`,
      role: "substitute",
      hfId: hf.id,
      isFagdirektor: false,
      aadObjectId: aad(100 + i),
      substituteFor: `lm-${i}`,
    });
  }
  const others: Person[] = [
    { id: "chair", name: "Leder", role: "chair", isFagdirektor: false, aadObjectId: aad(900) },
    { id: "coord", name: "Koordinator", role: "coordinator", isFagdirektor: false, aadObjectId: aad(901) },
  ];
  const roster: Roster = { regions: demo.regions, hfs: demo.hfs, people: [...members, ...substitutes, ...others] };
  const file = join(dir, "roster-60.json");
  await writeFile(file, JSON.stringify(roster));
  // 52 members act; members 52..59 stay away and their substitutes act instead.
  const actors = [...members.slice(0, 52), ...substitutes.slice(52)];
  return { file, actors };
}

let h: BotHarness;
let dir: string;
let actors: Person[];

describe("sixty users at once on one case", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "komitebot-load-"));
    const roster = await writeRoster(dir);
    actors = roster.actors;
    h = await BotHarness.start({ env: { ROSTER_FILE: roster.file } });
    expect(h.roster.people).toHaveLength(122);
    await h.post(botAddedToMeeting(h.url, h.who("chair")));
    expect(invokeCard(await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE })))).toBeTruthy();
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("records 60 check-ins and 60 positions exactly once, with no errors", async () => {
    expect(new Set(actors.map((a) => a.id)).size).toBe(60);
    const positionOf = (i: number) => POSITIONS[i % 3]!;
    const timed = async (p: Promise<InvokeResult>) => {
      const t0 = performance.now();
      const r = await p;
      return { r, ms: performance.now() - t0 };
    };
    const started = performance.now();
    const results = await Promise.all(
      actors.flatMap((person, i) => {
        const who = h.who(person.id);
        return [
          timed(h.post(cardAction(h.url, who, "checkIn", { meetingId: MEETING }))),
          timed(h.post(cardAction(h.url, who, "position", { meetingId: MEETING, caseId: CASE, position: positionOf(i) }))),
        ];
      }),
    );
    const wall = performance.now() - started;

    for (const { r } of results) {
      expect(r.status).toBe(200);
      expect(invokeMessage(r)).toBeUndefined();
      expect(invokeCard(r)).toBeTruthy();
    }

    const state = (await h.svc.meetings.load(MEETING))!;
    const actorIds = new Set(actors.map((a) => a.id));
    const marks = state.attendance.filter((a) => actorIds.has(a.personId));
    expect(marks).toHaveLength(60);
    expect(marks.every((m) => m.present)).toBe(true);
    const positions = state.positions.filter((p) => p.caseId === CASE);
    expect(positions).toHaveLength(60);
    actors.forEach((person, i) => expect(positions.find((p) => p.personId === person.id)?.position, person.id).toBe(positionOf(i)));

    const caseAudit = (await h.svc.audit.list(CASE)).filter((e) => e.action === "position.stated");
    expect(caseAudit).toHaveLength(60);
    expect(new Set(caseAudit.map((e) => e.actor.rosterId ?? ""))).toEqual(actorIds);
    const attendanceAudit = (await h.svc.audit.list(MEETING)).filter((e) => e.action === "attendance.present" && actorIds.has(e.actor.rosterId ?? ""));
    expect(attendanceAudit).toHaveLength(60);
    expect(new Set(attendanceAudit.map((e) => e.actor.rosterId)).size).toBe(60);

    // Everyone is eligible: the 8 substitutes stand in for their absent members.
    const refreshed = invokeCard(await h.post(cardAction(h.url, h.who("chair"), "refreshCase", { meetingId: MEETING, caseId: CASE })));
    expect(refreshed).toBeTruthy();

    expect(h.logLines.filter((l) => l.includes('"level":50'))).toEqual([]);
    const ms = results.map((x) => x.ms).sort((a, b) => a - b);
    const q = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!.toFixed(0);
    console.info(`load: 120 invokes from 60 users in ${wall.toFixed(0)} ms; latency p50 ${q(50)} ms, p95 ${q(95)} ms, max ${q(100)} ms`);
  });
});
