/**
 * Precedents in every brief (issue 15), through the whole app: the earlier
 * decisions on the same method (Nye metoder id) on the case brief of the
 * chair and the members, and in the meeting book tab; read once when the
 * chair takes the case up, never in a member's position click; no prices,
 * no reasoning, nothing on the shared card.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { botAddedToMeeting, cardAction, meetingMessage, participantJoin } from "../support/activities.js";
import { BotHarness, cardText, invokeCard } from "../support/bot-harness.js";
import { testToday } from "../support/clock.js";
import { earlierRecord, type Earlier } from "../support/earlier-records.js";

const Y = testToday.year;
const MEETING = `M-${testToday.toISODate()}`;
const FONNA = `TO-${Y}-001`; // method ID2023_045; Helse Fonna: m-vest-2 is recused
const METHOD = "ID2023_045";
const day = (monthsBack: number) => testToday.minus({ months: monthsBack }).toISODate()!;

// Seven earlier decisions on Fonna's method across the four regions, a correction, a draft, another method.
const EARLIER: Earlier[] = [
  { code: `TO-${Y - 1}-004`, nyeMetoderId: METHOD, meetingDate: day(14), outcome: "rejected", hfId: "unn", findings: { higherSeverity: "notMet" } },
  { code: `TO-${Y - 1}-009`, nyeMetoderId: METHOD, meetingDate: day(12), outcome: "granted", hfId: "st-olavs", findings: { higherSeverity: "met" } },
  { code: `TO-${Y - 1}-015`, nyeMetoderId: METHOD, meetingDate: day(10), outcome: "granted", hfId: "helse-bergen", findings: { increasedBenefit: "met" } },
  {
    code: `TO-${Y - 1}-021`,
    nyeMetoderId: METHOD,
    meetingDate: day(8),
    outcome: "rejected",
    hfId: "oslo-universitetssykehus",
    findings: { increasedBenefit: "notMet" },
  },
  {
    code: `TO-${Y}-030`,
    nyeMetoderId: METHOD,
    meetingDate: day(6),
    outcome: "granted",
    hfId: "nordlandssykehuset",
    findings: { increasedBenefit: "notAssessed" },
  },
  {
    code: `TO-${Y}-030`,
    nyeMetoderId: METHOD,
    meetingDate: day(6),
    outcome: "granted",
    hfId: "nordlandssykehuset",
    findings: { increasedBenefit: "met" },
    version: 2,
  },
  {
    code: `TO-${Y}-034`,
    nyeMetoderId: METHOD,
    meetingDate: day(4),
    outcome: "rejected",
    hfId: "sykehuset-innlandet",
    findings: { specialMedicalReasons: "notMet" },
  },
  {
    code: `TO-${Y}-041`,
    nyeMetoderId: METHOD,
    meetingDate: day(2),
    outcome: "granted",
    hfId: "helse-more-og-romsdal",
    findings: { increasedBenefit: "met", higherSeverity: "met" },
  },
  {
    code: `TO-${Y}-044`,
    nyeMetoderId: METHOD,
    meetingDate: day(1),
    outcome: "granted",
    hfId: "helse-forde",
    findings: { increasedBenefit: "met" },
    status: "draft",
  },
  { code: `TO-${Y}-045`, nyeMetoderId: "ID2022_112", meetingDate: day(1), outcome: "granted", hfId: "helse-stavanger", findings: { increasedBenefit: "met" } },
];
const SHOWN = [`TO-${Y}-041`, `TO-${Y}-034`, `TO-${Y}-030`, `TO-${Y - 1}-021`, `TO-${Y - 1}-015`];

let h: BotHarness;
let current = "m-sorost-1";
async function tabCase(person: string, locale = "nb") {
  current = person;
  const r = await fetch(`${h.host.server.url}/api/tab/case?id=${FONNA}&locale=${locale}`);
  return { status: r.status, body: (await r.json()) as any };
}

beforeAll(async () => {
  h = await BotHarness.start({ localPerson: () => h.roster.people.find((p) => p.id === current) });
  for (const e of EARLIER) await h.svc.records.add(earlierRecord(h.roster, e));
  await h.send(botAddedToMeeting(h.url, h.who("chair")));
  await h.send(
    participantJoin(
      h.url,
      ["m-sorost-1", "m-vest-1", "m-midt-1", "m-nord-1", "s-vest-2"].map((id) => h.who(id)),
    ),
  );
});
afterAll(() => h.stop());

describe("precedents in every brief", () => {
  it("reads the earlier decisions once when the chair takes the case up, and freezes them with it", async () => {
    const onMethod = vi.spyOn(h.svc.records, "onMethod");
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "neste sak"));
    expect((await h.svc.cases.byCode(FONNA))?.status).toBe("inMeeting");
    const takenUp = (await h.svc.meetings.caseFacts(MEETING, FONNA))?.takenUp;
    expect(takenUp?.precedents?.shown.map((p) => p.caseCode)).toEqual(SHOWN);
    expect(takenUp?.precedents?.more).toBe(2);
    expect(onMethod).toHaveBeenCalledTimes(1);
    onMethod.mockRestore();
  });

  it("names, on the chair's brief, each earlier decision on the method, most recent first: code, date, outcome, region, grounds found met", async () => {
    const card = invokeCard(await h.send(cardAction(h.url, h.who("chair"), "refreshCase", { meetingId: MEETING, caseId: FONNA })));
    const text = cardText(card);
    expect(text).toContain(`Tidligere avgjørelser for samme metode (${METHOD})`);
    const positions = SHOWN.map((code) => text.indexOf(code));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const latest = text.split("\n").find((l) => l.startsWith(`TO-${Y}-041`))!;
    expect(latest).toContain("Innvilget");
    expect(latest).toContain("Helse Midt-Norge RHF");
    expect(latest).toContain("funnet oppfylt: økt nytte, høyere alvorlighet");
    // The corrected case shows its confirmed correction; the two oldest are counted, not shown.
    expect(text.split("\n").find((l) => l.startsWith(`TO-${Y}-030`))).toContain("funnet oppfylt: økt nytte");
    expect(text).not.toContain(`TO-${Y - 1}-004`);
    expect(text).not.toContain(`TO-${Y - 1}-009`);
    expect(text).toContain("… og 2 tidligere avgjørelser til");
    // Never a draft, another method, a price or the committee's reasoning of another case.
    expect(text).not.toContain(`TO-${Y}-044`);
    expect(text).not.toContain(`TO-${Y}-045`);
    expect(text).not.toMatch(/987|Begrunnelse som ikke skal vises|Komiteens vurdering/);
  });

  it("shows a member the same precedents, and costs no precedent query when they state a position", async () => {
    const onMethod = vi.spyOn(h.svc.records, "onMethod");
    const card = invokeCard(await h.send(cardAction(h.url, h.who("m-sorost-1"), "position", { meetingId: MEETING, caseId: FONNA, position: "grant" })));
    expect(cardText(card)).toContain(`TO-${Y}-041`);
    expect(onMethod).not.toHaveBeenCalled();
    onMethod.mockRestore();
  });

  it("shows them to the coordinator and an observer in the meeting too", async () => {
    for (const who of ["coord", "obs-dmp"]) {
      const card = invokeCard(await h.send(cardAction(h.url, h.who(who), "refreshCase", { meetingId: MEETING, caseId: FONNA })));
      expect(cardText(card)).toContain(`TO-${Y}-041`);
    }
  });

  it("says them in English for an English-speaking member", async () => {
    const card = invokeCard(await h.send(cardAction(h.url, h.who("m-vest-1", "en-US"), "refreshCase", { meetingId: MEETING, caseId: FONNA })));
    const text = cardText(card);
    expect(text).toContain(`Earlier decisions on the same method (${METHOD})`);
    expect(text).toContain("… and 2 more earlier decisions");
    expect(text).toMatch(/Granted/);
  });

  it("leaves them off the shared card and the recused member's view", async () => {
    const shared = h.connector
      .sent()
      .flatMap((a) => a.attachments ?? [])
      .map((x: any) => cardText(x.content))
      .filter((t) => t.includes(FONNA));
    expect(shared.length).toBeGreaterThan(0);
    for (const t of shared) expect(t).not.toContain("Tidligere avgjørelser");
    const recused = cardText(invokeCard(await h.send(cardAction(h.url, h.who("m-vest-2"), "refreshCase", { meetingId: MEETING, caseId: FONNA }))));
    expect(recused).not.toContain("Tidligere avgjørelser");
    expect(recused).not.toContain(`TO-${Y}-041`);
  });

  it("shows them in the meeting book tab's case view to the committee, not to a recused member", async () => {
    const member = await tabCase("m-sorost-1");
    expect(member.status).toBe(200);
    expect(member.body.case.precedents.heading).toBe(`Tidligere avgjørelser for samme metode (${METHOD})`);
    expect(member.body.case.precedents.lines.map((l: string) => l.split(" · ")[0])).toEqual(SHOWN);
    expect(member.body.case.precedents.more).toBe("… og 2 tidligere avgjørelser til");
    expect(JSON.stringify(member.body.case.precedents)).not.toMatch(/987|Begrunnelse/);
    const recused = await tabCase("m-vest-2");
    expect(recused.body.case).not.toHaveProperty("precedents");
  });

  it("says there are none when the committee has decided no other case on the method", async () => {
    current = "chair";
    const r = await fetch(`${h.host.server.url}/api/tab/case?id=TO-${Y}-003`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body.case.precedents.lines).toEqual([]);
    expect(body.case.precedents.none).toBe("Komiteen har ikke avgjort andre saker om denne metoden.");
  });
});
