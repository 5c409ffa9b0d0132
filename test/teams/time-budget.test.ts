/**
 * The two-hour limit (issue 13, 000 §6.3) through the whole app over HTTP,
 * with Teams' activity shapes: the agenda's minutes per case and their sum
 * against 120, edited by the coordinator and refused beyond the limit; the
 * chair's clock on the case in hand; the time warnings at 105 minutes, once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import {
  botAddedToMeeting,
  cardAction,
  installationUpdate,
  meetingEnd,
  meetingMessage,
  meetingStart,
  participantJoin,
  personalMessage,
  MEETING_CHAT,
} from "../support/activities.js";
import { BotHarness, cardText, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { buildReport } from "../../src/app/coordinator/report.js";

const MEETING = `M-${testToday.toISODate()}`;
const Y = testToday.year;
const FONNA_CASE = `TO-${Y}-001`;
const INNLANDET_CASE = `TO-${Y}-002`;
const STAVANGER_CASE = `TO-${Y}-003`;
const oneOnOne = (id: string, h: BotHarness) => `a:1on1-${h.who(id).aadObjectId}`;

/** What the bot said in the meeting chat as plain text. */
const chatTexts = (h: BotHarness) =>
  h.connector.sent(MEETING_CHAT).flatMap((a) => (typeof a.text === "string" && !a.attachments?.length ? [a.text as string] : []));
const warningsInChat = (h: BotHarness) => chatTexts(h).filter((t) => t.includes("⏰"));
const inputsOf = (card: any): any[] => {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      if (typeof n.type === "string" && n.type.startsWith("Input.")) out.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
};

describe("the two-hour limit: minutes per agenda case", () => {
  let h: BotHarness;
  const act = (who: string, verb: string, data: Record<string, unknown>) => cardAction(h.url, h.who(who), verb, data);
  const agendaFor = async (who: string) => invokeCard(await h.send(act(who, "refreshAgenda", { meetingId: MEETING })));
  const setMinutes = (caseId: string, item: number, minutes: unknown, who = "coord") =>
    h.send(act(who, "setCaseMinutes", { meetingId: MEETING, caseId, item, [`minutes_${item}`]: minutes }));
  const say = async (text: string) => {
    await h.send(personalMessage(h.url, h.who("coord"), text));
    return h.connector.sent(oneOnOne("coord", h)).at(-1)?.text as string;
  };

  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
  });
  afterAll(async () => h.stop());

  it("shows each case's minutes (the configured default) and the agenda's total against 120", async () => {
    const text = cardText(await agendaFor("chair"));
    expect(text).toContain("Tid: 45 av 120 minutter");
    expect(text.match(/15 minutter/g)).toHaveLength(3);
    // The chair reads the minutes; only the coordinator edits them.
    expect(inputsOf(await agendaFor("chair"))).toEqual([]);
  });

  it("lets the coordinator change a case's minutes on the agenda card, and updates the total", async () => {
    const card = await agendaFor("coord");
    expect(inputsOf(card).map((i) => i.id)).toEqual(["minutes_1", "minutes_2", "minutes_3"]);
    const answer = invokeCard(await setMinutes(FONNA_CASE, 1, "30"));
    expect(cardText(answer)).toContain("Tid: 60 av 120 minutter");
    expect((await h.svc.meetings.get(MEETING))?.caseMinutes).toEqual({ [FONNA_CASE]: 30, [INNLANDET_CASE]: 15, [STAVANGER_CASE]: 15 });
  });

  it("changes a case's minutes by command too («minutter»), naming the total", async () => {
    expect(await say(`minutter ${INNLANDET_CASE} 60`)).toContain("105 av 120 minutter");
  });

  it("refuses minutes that would take the agenda past 120, naming the sum and the limit, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, ["cases", "meetings", "audit"]);
    const refused = invokeMessage(await setMinutes(STAVANGER_CASE, 3, "60"));
    expect(refused).toContain("150 minutter");
    expect(refused).toContain("høyst 120 minutter");
    expect(await say(`minutter ${STAVANGER_CASE} 31`)).toContain("121 minutter");
    expect(await storeSnapshot(h.store, ["cases", "meetings", "audit"])).toEqual(before);
  });

  it("refuses bad input on the card with a clear message in the user's language, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, ["cases", "meetings", "audit"]);
    for (const bad of ["abc", "4", "61", "12.5", ""]) expect(invokeMessage(await setMinutes(FONNA_CASE, 1, bad))).toMatch(/helt tall fra 5 til 60/);
    expect(invokeMessage(await setMinutes(FONNA_CASE, 99, "20"))).toBeTruthy(); // an item no card has
    expect(invokeMessage(await setMinutes(FONNA_CASE, 1, "20", "m-vest-1"))).toMatch(/koordinator/i);
    expect(
      invokeMessage(
        await h.send(cardAction(h.url, h.who("coord", "en-US"), "setCaseMinutes", { meetingId: MEETING, caseId: FONNA_CASE, item: 1, minutes_1: "x" })),
      ),
    ).toMatch(/whole number from 5 to 60/);
    expect(await storeSnapshot(h.store, ["cases", "meetings", "audit"])).toEqual(before);
  });

  it("keeps the minutes once the meeting started: the card no longer offers the change", async () => {
    await h.send(meetingStart(h.url));
    expect(inputsOf(await agendaFor("coord"))).toEqual([]);
    expect(invokeMessage(await setMinutes(FONNA_CASE, 1, "20"))).toMatch(/har startet/);
  });
});

describe("the two-hour limit: the chair's clock on the case in hand", () => {
  let h: BotHarness;
  const act = (who: string, verb: string, data: Record<string, unknown>) => cardAction(h.url, h.who(who), verb, data);
  const view = async (who: string, caseId: string) => cardText(invokeCard(await h.send(act(who, "refreshCase", { meetingId: MEETING, caseId }))));

  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
      ),
    );
  });
  afterAll(async () => h.stop());

  it("shows the chair the time on the case against its minutes and the time in the meeting against 120", async () => {
    await h.send(meetingStart(h.url));
    h.clock.advance({ minutes: 10 });
    await h.send(act("chair", "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    h.clock.advance({ minutes: 12 });
    const chair = await view("chair", STAVANGER_CASE);
    expect(chair).toContain("Saken: 12 av 15 minutter");
    expect(chair).toContain("Møtet: 22 av 120 minutter");
    expect(chair).not.toContain("over tiden");
    // A member sees the case, not the meeting's clock.
    expect(await view("m-sorost-1", STAVANGER_CASE)).not.toContain("Møtet:");
  });

  it("shows on the chair's card when the case runs over its minutes, without a message", async () => {
    const said = h.connector.sent(MEETING_CHAT).length;
    h.clock.advance({ minutes: 5 });
    expect(await view("chair", STAVANGER_CASE)).toContain("Saken: 17 av 15 minutter – over tiden");
    expect(h.connector.sent(MEETING_CHAT)).toHaveLength(said);
  });
});

describe("the time warnings", () => {
  it("tells the chair once at 105 minutes, in the meeting chat and in their 1:1 chat: not before, not again on the timer or an activity", async () => {
    const h = await BotHarness.start();
    try {
      await h.send(installationUpdate(h.url, h.who("chair")));
      await h.send(botAddedToMeeting(h.url, h.who("chair")));
      await h.send(meetingStart(h.url));
      h.clock.advance({ minutes: 104 });
      expect((await h.host.timers.run("timeWarnings")).ran).toBe(true);
      await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
      expect(warningsInChat(h)).toEqual([]);

      h.clock.advance({ minutes: 1 });
      const first = await h.host.timers.run("timeWarnings");
      expect(first.ran && first.value).toEqual({ warned: [MEETING] });
      const second = await h.host.timers.run("timeWarnings");
      expect(second.ran && second.value).toEqual({ warned: [] });
      await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
      expect(warningsInChat(h)).toEqual(["⏰ Møtet har vart i 105 minutter. Det er 15 minutter igjen av grensen på 120 minutter."]);
      const toChair = h.connector.sent(oneOnOne("chair", h)).filter((a) => cardText(a.attachments?.[0]?.content ?? {}).includes("⏰"));
      expect(toChair).toHaveLength(1);
      expect((await h.svc.meetings.timeWarning(MEETING))?.state).toBe("said");
    } finally {
      await h.stop();
    }
  });

  it("tells the chair on the next activity in the meeting when the timer has not run, once; the first take-up starts the clock without a start event", async () => {
    const h = await BotHarness.start();
    try {
      await h.send(botAddedToMeeting(h.url, h.who("chair")));
      await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA_CASE }));
      h.clock.advance({ minutes: 106 });
      await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
      await h.send(meetingMessage(h.url, h.who("chair"), "oppmøte"));
      expect(warningsInChat(h)).toHaveLength(1);
      expect(warningsInChat(h)[0]).toContain("106 minutter");
    } finally {
      await h.stop();
    }
  });

  it("says nothing for a meeting that ended before 105 minutes", async () => {
    const h = await BotHarness.start();
    try {
      await h.send(botAddedToMeeting(h.url, h.who("chair")));
      await h.send(meetingStart(h.url));
      h.clock.advance({ minutes: 90 });
      await h.send(meetingEnd(h.url));
      h.clock.advance({ minutes: 30 });
      const run = await h.host.timers.run("timeWarnings");
      expect(run.ran && run.value).toEqual({ warned: [] });
      await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
      expect(warningsInChat(h)).toEqual([]);
      // The meeting's length in the register comes from the start and end events.
      const report = await buildReport(h.svc, h.roster, { quorumMinimum: 4 });
      expect(report.meetings.find((m) => m.id === MEETING)).toMatchObject({ held: true, minutes: 90 });
    } finally {
      await h.stop();
    }
  });
});
