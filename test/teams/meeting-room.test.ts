/**
 * The meeting room as a chair expects it (issue 10), driven through the whole
 * app with Teams' activity shapes: one case card per case, who disagrees,
 * loss of quorum said at once (in the chat and to the chair on the meeting
 * stage), Teams' leave event winning over a later click, a shared card that
 * speaks to everyone and per-user views by who may see what, the rules in the
 * use cases, and cards that stay true and plain.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { renderDecisionText } from "../../src/export/record-text.js";
import { testToday } from "../support/clock.js";
import {
  botAddedToMeeting,
  cardAction,
  installationUpdate,
  meetingEnd,
  meetingMessage,
  participantJoin,
  participantLeave,
  personalMessage,
  MEETING_CHAT,
  TEAMS_MEETING_ID,
  teamsUserIdOf,
} from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";

const MEETING = `M-${testToday.toISODate()}`;
const Y = testToday.year;
const FONNA_CASE = `TO-${Y}-001`; // applying HF: Helse Fonna → m-vest-2 recused, s-vest-2 (Helse Førde) may stand in
const INNLANDET_CASE = `TO-${Y}-002`;
const STAVANGER_CASE = `TO-${Y}-003`; // urgent, confidential price 45 000
const PUBLIC = "https://komitebot.test";

let h: BotHarness;

const act = (who: string, verb: string, data: Record<string, unknown>, locale?: string) => cardAction(h.url, h.who(who, locale), verb, data);
const position = (who: string, caseId: string, pos: "grant" | "reject" | "defer") =>
  h.send(act(who, "position", { meetingId: MEETING, caseId, position: pos }));
const view = async (who: string, caseId: string, locale?: string) => invokeCard(await h.send(act(who, "refreshCase", { meetingId: MEETING, caseId }, locale)));
const takeUp = (caseId: string, who = "chair") => h.send(act(who, "takeUpCase", { meetingId: MEETING, caseId }));
const conclude = (caseId: string, locale?: string) => h.send(act("chair", "conclude", { meetingId: MEETING, caseId }, locale));

async function openMeeting(present: string[]) {
  await h.send(botAddedToMeeting(h.url, h.who("chair")));
  if (present.length > 0)
    await h.send(
      participantJoin(
        h.url,
        present.map((id) => h.who(id)),
      ),
    );
}

/** The case cards the bot posted into the meeting chat (new messages, not updates). */
const postedCaseCards = (caseId: string) =>
  h.connector.sent(MEETING_CHAT).filter((a) => {
    const card = a.attachments?.[0]?.content;
    return card?.refresh?.action?.verb === "refreshCase" && card.refresh.action.data?.caseId === caseId;
  });

/** What the bot said in the meeting chat as plain text. */
const chatTexts = () => h.connector.sent(MEETING_CHAT).flatMap((a) => (typeof a.text === "string" && !a.attachments?.length ? [a.text as string] : []));

/** The latest shared (read-only) case card, as last posted or updated in the chat. */
function sharedCaseCard(caseId: string): any {
  const bodies = [
    ...h.connector.sent(MEETING_CHAT).map((a) => a.attachments?.[0]?.content),
    ...h.connector.updates(MEETING_CHAT).map((u) => u.body?.attachments?.[0]?.content),
  ];
  return bodies.filter((c) => c?.refresh?.action?.verb === "refreshCase" && c.refresh.action.data?.caseId === caseId).at(-1);
}

function latestAgendaCard(): any {
  const bodies = [
    ...h.connector.sent(MEETING_CHAT).map((a) => a.attachments?.[0]?.content),
    ...h.connector.updates(MEETING_CHAT).map((u) => u.body?.attachments?.[0]?.content),
  ];
  return bodies.filter((c) => c?.refresh?.action?.verb === "refreshAgenda").at(-1);
}

describe("one case card per case", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]);
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.connector.reset());

  it("posts one case card for a takeUpCase invoke Teams delivers twice (the same activity id), and updates it the second time", async () => {
    const click = act("chair", "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE });
    expect(invokeCard(await h.send(click))).toBeTruthy();
    expect(invokeCard(await h.send(click))).toBeTruthy();
    expect(postedCaseCards(STAVANGER_CASE)).toHaveLength(1);
    const stored = await h.svc.meetings.card(MEETING, "case", STAVANGER_CASE);
    expect(stored?.activityId).toBeTruthy();
    // The one card is kept up to date in place, not frozen.
    expect(h.connector.updates(MEETING_CHAT).some((u) => u.activityId === stored!.activityId)).toBe(true);
  });

  it("posts one card for two clicks on «Ta opp» at the same instant", async () => {
    await Promise.all([takeUp(INNLANDET_CASE), takeUp(INNLANDET_CASE)]);
    expect(postedCaseCards(INNLANDET_CASE)).toHaveLength(1);
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(INNLANDET_CASE);
  });

  it("updates the case's existing card when the chair returns to a case already taken up, and keeps pointing at it", async () => {
    const before = await h.svc.meetings.card(MEETING, "case", STAVANGER_CASE);
    await takeUp(STAVANGER_CASE);
    expect(postedCaseCards(STAVANGER_CASE)).toHaveLength(0);
    expect((await h.svc.meetings.card(MEETING, "case", STAVANGER_CASE))?.activityId).toBe(before?.activityId);
    expect(h.connector.updates(MEETING_CHAT).some((u) => u.activityId === before?.activityId)).toBe(true);
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(STAVANGER_CASE);
  });

  it("answers «sak TO-…» for a case already in the chat by updating its card, not posting another", async () => {
    await h.send(meetingMessage(h.url, h.who("chair"), `sak ${STAVANGER_CASE}`));
    expect(postedCaseCards(STAVANGER_CASE)).toHaveLength(0);
    expect(chatTexts().some((t) => t.includes(`Kortet for sak ${STAVANGER_CASE} står allerede i chatten`))).toBe(true);
  });
});

describe("«neste sak» while the case in hand is open", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]);
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.connector.reset());

  it("takes up the first case, then asks instead of skipping it, naming the open case and offering the next one", async () => {
    await h.send(meetingMessage(h.url, h.who("chair"), "neste sak"));
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(FONNA_CASE);
    h.connector.reset();

    await h.send(meetingMessage(h.url, h.who("chair"), "neste sak"));
    // Nothing was taken up.
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(FONNA_CASE);
    expect((await h.svc.cases.byCode(INNLANDET_CASE))?.status).toBe("onAgenda");
    expect(postedCaseCards(INNLANDET_CASE)).toHaveLength(0);
    const card = h.connector.sent(MEETING_CHAT).flatMap((a) => a.attachments ?? [])[0]?.content;
    expect(cardText(card)).toContain(`Sak ${FONNA_CASE} er fortsatt åpen`);
    expect(cardText(card)).toContain("Konkluder eller utsett den først");
    expect(executeActions(card)).toEqual([
      { verb: "takeUpCase", data: { meetingId: MEETING, caseId: INNLANDET_CASE }, title: `Ta opp ${INNLANDET_CASE} likevel` },
    ]);
  });

  it("asks in English when the chair's Teams speaks English", async () => {
    await h.send(meetingMessage(h.url, h.who("chair", "en-GB"), "next case"));
    const card = h.connector.sent(MEETING_CHAT).flatMap((a) => a.attachments ?? [])[0]?.content;
    expect(cardText(card)).toContain(`Case ${FONNA_CASE} is still open`);
    expect(executeActions(card)[0]?.title).toBe(`Take up ${INNLANDET_CASE} anyway`);
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(FONNA_CASE);
  });

  it("takes up the next case only when the chair clicks «Ta opp … likevel»", async () => {
    const r = await takeUp(INNLANDET_CASE);
    expect(invokeCard(r)).toBeTruthy();
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(INNLANDET_CASE);
    expect(postedCaseCards(INNLANDET_CASE)).toHaveLength(1);
  });

  it("moves on without asking once the case in hand is concluded", async () => {
    await h.send(act("chair", "defer", { meetingId: MEETING, caseId: INNLANDET_CASE, deferReason: "Venter på uttalelse" }));
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "neste sak"));
    // FONNA is still open (not concluded) and is the first open case that is not current.
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(FONNA_CASE);
    expect(
      h.connector
        .sent(MEETING_CHAT)
        .flatMap((a) => a.attachments ?? [])
        .some((x: any) => cardText(x.content).includes("fortsatt åpen")),
    ).toBe(false);
  });
});

describe("a refused conclusion says who disagrees and what the chair can do", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "m-nord-1"]);
    await takeUp(INNLANDET_CASE);
  });
  afterAll(async () => h.stop());

  it("names the members who have not stated a position, and offers waiting or «Utsett saken»", async () => {
    await position("m-sorost-1", INNLANDET_CASE, "grant");
    const message = invokeMessage(await conclude(INNLANDET_CASE));
    expect(message).toContain("4 medlemmer har ikke avgitt standpunkt ennå");
    expect(message).toContain("Ikke avgitt standpunkt: Henrik Solbakk, Sigrid Nyhus Aune, Jostein Rindal, Elin Karlsøy.");
    expect(message).toContain("vente på dem");
    expect(message).toContain("«Utsett saken»");
  });

  it("names who disagrees, with their position, and who has not stated, without saying the bot will defer", async () => {
    for (const m of ["m-sorost-2", "m-midt-1"]) await position(m, INNLANDET_CASE, "grant");
    await position("m-nord-1", INNLANDET_CASE, "reject");
    const message = invokeMessage(await conclude(INNLANDET_CASE))!;
    expect(message).toContain("Medlemmene er ikke enige");
    expect(message).toContain("Uenige: Elin Karlsøy (Avslå).");
    expect(message).toContain("Ikke avgitt standpunkt: Jostein Rindal.");
    expect(message).toContain("utsette saken med en begrunnelse («Utsett saken»)");
    expect(message).not.toMatch(/må saken utsettes|blir saken utsatt/);
    expect(message).not.toMatch(/m-nord-1|m-midt-2/); // names, never roster ids
    expect((await h.svc.cases.byCode(INNLANDET_CASE))?.status).toBe("inMeeting");
    // The chair's card says the same: the chair may wait or defer; the bot does not defer by itself.
    const chair = cardText(await view("chair", INNLANDET_CASE));
    expect(chair).toContain("Ikke konsensus ennå. Leder kan vente til medlemmene blir enige, eller utsette saken med en begrunnelse.");
    expect(chair).not.toContain("Uten konsensus blir saken utsatt");
  });

  it("says it in English, positions in English", async () => {
    const message = invokeMessage(await conclude(INNLANDET_CASE, "en-GB"))!;
    expect(message).toContain("The members do not agree");
    expect(message).toContain("Disagreeing: Elin Karlsøy (Reject).");
    expect(message).toContain("Not yet stated: Jostein Rindal.");
    expect(message).toContain("“Defer the case”");
  });

  it("says how many are eligible and how many are needed when not quorate", async () => {
    for (const m of ["m-midt-2", "m-nord-1"]) await h.send(act(m, "checkOut", { meetingId: MEETING }));
    const message = invokeMessage(await conclude(INNLANDET_CASE))!;
    expect(message).toContain("Ikke beslutningsdyktig: 3 stemmeberettigede, minst 4 kreves – 1 til trengs.");
    expect(message).toContain("«Utsett saken»");
  });
});

describe("loss of quorum is said at once, in the chat and to the chair", () => {
  const PRESENT = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
  beforeAll(async () => {
    h = await BotHarness.start({ env: { PUBLIC_BASE_URL: PUBLIC } });
    await openMeeting(PRESENT);
    await takeUp(STAVANGER_CASE);
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.connector.reset());

  const lost = () => chatTexts().filter((t) => t.includes(`Sak ${STAVANGER_CASE} er ikke lenger beslutningsdyktig`));
  const regained = () => chatTexts().filter((t) => t.includes(`Sak ${STAVANGER_CASE} er beslutningsdyktig nå`));

  it("says nothing while the case stays quorate", async () => {
    await h.send(participantJoin(h.url, [h.who("obs-dmp")]));
    expect(lost()).toHaveLength(0);
    expect(h.connector.notifications()).toHaveLength(0);
  });

  it("says it when a member leaves: how many of the needed, who is absent, which substitute could stand in", async () => {
    await h.send(participantLeave(h.url, [h.who("m-midt-2")]));
    expect(lost()).toHaveLength(1);
    const text = lost()[0]!;
    expect(text).toContain("3 stemmeberettigede, minst 4 kreves – 1 til trengs");
    expect(text).toContain("Fraværende medlemmer: Ragnhild Vikenes, Odd Arne Brekkestø, Jostein Rindal, Elin Karlsøy, Tor Magne Hamarøy.");
    expect(text).toContain("Eivind Tangvik (vara for Jostein Rindal)");
    expect(text).toContain("Kristoffer Hovlandsdal (vara for Ragnhild Vikenes)");
    // Present members' substitutes are not needed.
    expect(text).not.toContain("Liv Merete Dalby");
    const audit = await h.svc.audit.list(STAVANGER_CASE);
    expect(audit.filter((a) => a.action === "quorum.lost")).toHaveLength(1);
  });

  it("sends the chair a targeted in-meeting notification whose URL carries only the meeting and case ids", async () => {
    await h.send(participantJoin(h.url, [h.who("m-midt-2")])); // back to quorate
    h.connector.reset();
    await h.send(participantLeave(h.url, [h.who("m-midt-2")]));
    const sent = h.connector.notifications();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.meetingId).toBe(TEAMS_MEETING_ID);
    const body = sent[0]!.body;
    expect(body.type).toBe("targetedMeetingNotification");
    expect(body.value.recipients).toEqual([teamsUserIdOf(h.who("chair").aadObjectId)]);
    expect(body.value.surfaces).toHaveLength(1);
    const surface = body.value.surfaces[0];
    expect(surface).toMatchObject({ surface: "meetingStage", contentType: "task" });
    const url = new URL(surface.content.value.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC}/meeting/quorum`);
    expect([...url.searchParams.keys()].sort()).toEqual(["case", "meeting"]);
    expect(url.searchParams.get("meeting")).toBe(MEETING);
    expect(url.searchParams.get("case")).toBe(STAVANGER_CASE);
    expect(surface.content.value.url).not.toMatch(/Rindal|Enzym|Stavanger/i);
    expect(surface.content.value.title).toBe("Beslutningsdyktighet");
  });

  it("serves the notification's page with the quorum message in the chair's language", async () => {
    const page = async () => fetch(`${h.host.server.url}/meeting/quorum?meeting=${MEETING}&case=${STAVANGER_CASE}`);
    const nb = await page();
    expect(nb.status).toBe(200);
    expect(nb.headers.get("content-type")).toMatch(/text\/html/);
    expect(nb.headers.get("content-security-policy")).toContain("frame-ancestors");
    const html = await nb.text();
    expect(html).toContain(`Sak ${STAVANGER_CASE} er ikke lenger beslutningsdyktig`);
    expect(html).toContain("Jostein Rindal");
    // The chair's Teams speaks English (remembered from their chat with the bot): the page does too.
    await h.send(personalMessage(h.url, h.who("chair", "en-GB"), "help"));
    const en = await (await page()).text();
    expect(en).toContain(`Case ${STAVANGER_CASE} is no longer quorate`);
    expect(en).toContain("Members absent:");
    // Only well-formed ids; another case has nothing to show.
    expect((await fetch(`${h.host.server.url}/meeting/quorum?meeting=x&case=${STAVANGER_CASE}`)).status).toBe(400);
    expect((await fetch(`${h.host.server.url}/meeting/quorum?meeting=${MEETING}&case=${FONNA_CASE}`)).status).toBe(404);
  });

  it("says it once for the same leave delivered twice, or two leaves at the same instant, and once again when quorum is back", async () => {
    await h.send(participantJoin(h.url, [h.who("m-midt-2")]));
    expect(regained()).toHaveLength(1);
    expect(regained()[0]).toContain("4 stemmeberettigede (minst 4 kreves)");
    h.connector.reset();
    const leave = participantLeave(h.url, [h.who("m-midt-2")]);
    await Promise.all([h.send(leave), h.send(leave), h.send(participantLeave(h.url, [h.who("m-sorost-2")]))]);
    expect(lost()).toHaveLength(1);
    expect(h.connector.notifications()).toHaveLength(1);
    // Still not quorate: another leave says nothing new.
    await h.send(participantLeave(h.url, [h.who("m-sorost-1")]));
    expect(lost()).toHaveLength(1);
    h.connector.reset();
    await Promise.all([h.send(participantJoin(h.url, [h.who("m-midt-2"), h.who("m-sorost-2")])), h.send(participantJoin(h.url, [h.who("m-sorost-1")]))]);
    expect(regained()).toHaveLength(1);
    expect(lost()).toHaveLength(0);
  });

  it("says it when a member checks out, and when a conflict is declared", async () => {
    await h.send(act("m-midt-1", "checkOut", { meetingId: MEETING }));
    expect(lost()).toHaveLength(1);
    await h.send(act("m-midt-1", "checkIn", { meetingId: MEETING }));
    expect(regained()).toHaveLength(1);
    h.connector.reset();
    await h.send(act("m-sorost-2", "declareConflict", { meetingId: MEETING, caseId: STAVANGER_CASE, conflictReason: "Nær kollega av behandlende lege" }));
    expect(lost()).toHaveLength(1);
    expect(lost()[0]).toContain("Anders Kveldstad (vara for Henrik Solbakk)");
  });

  it("falls back to the chat message alone when Teams refuses the notification (403)", async () => {
    await h.send(participantJoin(h.url, [h.who("s-sorost-2")])); // stands in for the recused m-sorost-2: quorate again
    h.connector.reset();
    h.connector.when((c) =>
      /\/notification$/.test(c.path) ? { status: 403, body: { error: { code: "Forbidden", message: "app not in meeting" } } } : undefined,
    );
    await h.send(participantLeave(h.url, [h.who("s-sorost-2")]));
    expect(lost()).toHaveLength(1);
    expect(h.connector.notifications()).toHaveLength(1); // tried once, not retried
    expect(h.logLines.some((l) => l.includes("in-meeting notification not delivered"))).toBe(true);
  });
});

describe("loss of quorum where no in-meeting notification is possible", () => {
  beforeAll(async () => {
    h = await BotHarness.start({ env: { PUBLIC_BASE_URL: PUBLIC } });
  });
  afterAll(async () => h.stop());

  it("says it in the chat only when the chat has no Teams meeting id (linked with «koble møte»)", async () => {
    const plain = (activity: any) => {
      activity.conversation = { ...activity.conversation, id: "19:plain-group-chat@thread.v2" };
      activity.channelData = { tenant: activity.channelData.tenant };
      return activity;
    };
    await h.send(plain(meetingMessage(h.url, h.who("chair"), "koble møte")));
    await h.send(
      plain(
        participantJoin(
          h.url,
          ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
        ),
      ),
    );
    await h.send(plain(act("chair", "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE })));
    h.connector.reset();
    await h.send(plain(act("m-midt-2", "checkOut", { meetingId: MEETING })));
    const said = h.connector.sent("19:plain-group-chat@thread.v2").filter((a) => String(a.text ?? "").includes("ikke lenger beslutningsdyktig"));
    expect(said).toHaveLength(1);
    expect(h.connector.notifications()).toHaveLength(0);
  });
});

describe("without a public https address (the local run, the Agents Playground)", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]);
    await takeUp(STAVANGER_CASE);
  });
  afterAll(async () => h.stop());

  it("says the loss in the chat and sends no notification", async () => {
    h.connector.reset();
    await h.send(participantLeave(h.url, [h.who("m-midt-2")]));
    expect(chatTexts().filter((t) => t.includes("ikke lenger beslutningsdyktig"))).toHaveLength(1);
    expect(h.connector.notifications()).toHaveLength(0);
  });
});

describe("Teams' leave event wins over a later click", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "m-nord-1"]);
    await takeUp(STAVANGER_CASE);
  });
  afterAll(async () => h.stop());

  it("refuses a position from a member whose leave event came last: they must rejoin or check in, and nothing is stored", async () => {
    await h.send(participantLeave(h.url, [h.who("m-nord-2")]));
    const before = await storeSnapshot(h.store, ["meetings"]);
    const r = await position("m-nord-2", STAVANGER_CASE, "grant");
    expect(invokeMessage(r)).toMatch(/forlatt møtet/);
    expect(invokeMessage(r)).toMatch(/sjekk inn/);
    expect(await storeSnapshot(h.store, ["meetings"])).toEqual(before);
    const card = cardText(await view("m-nord-2", STAVANGER_CASE));
    expect(card).toContain("Du har forlatt møtet");
    expect(executeActions(await view("m-nord-2", STAVANGER_CASE)).filter((a) => a.verb === "position")).toHaveLength(0);
  });

  it("refuses a member who checked out, in English too, until they check in again", async () => {
    await h.send(act("m-nord-1", "checkOut", { meetingId: MEETING }));
    const r = await h.send(act("m-nord-1", "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "grant" }, "en-GB"));
    expect(invokeMessage(r)).toMatch(/You have left the meeting/);
    await h.send(act("m-nord-1", "checkIn", { meetingId: MEETING }));
    expect(invokeCard(await position("m-nord-1", STAVANGER_CASE, "grant"))).toBeTruthy();
  });

  it("still counts a member with no attendance mark at all as present when they state a position", async () => {
    expect(invokeCard(await position("m-vest-1", STAVANGER_CASE, "grant"))).toBeTruthy();
    const mark = (await h.svc.meetings.load(MEETING))!.attendance.find((a) => a.personId === "m-vest-1");
    expect(mark).toMatchObject({ present: true, source: "checkin" });
  });

  it("names a member who stated a position and left before the conclusion in the decision record, with that position", async () => {
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) await position(m, STAVANGER_CASE, "grant");
    await h.send(participantLeave(h.url, [h.who("m-nord-1"), h.who("m-vest-1")]));
    expect(invokeCard(await conclude(STAVANGER_CASE))).toBeTruthy();
    const conclusion = (await h.svc.meetings.conclusion(MEETING, STAVANGER_CASE))!;
    expect(conclusion.participants.sort()).toEqual(["m-midt-1", "m-midt-2", "m-sorost-1", "m-sorost-2"]);
    expect(conclusion.left).toEqual([
      { personId: "m-vest-1", position: "grant" },
      { personId: "m-nord-1", position: "grant" },
    ]);
    const record = (await latestRecord(h.svc, STAVANGER_CASE))!;
    expect(record.left?.map((l) => [l.name, l.position])).toEqual([
      ["Ragnhild Vikenes", "grant"],
      ["Elin Karlsøy", "grant"],
    ]);
    const text = renderDecisionText(record, h.roster, "nb");
    expect(text).toContain("Elin Karlsøy, Universitetssykehuset Nord-Norge HF: forlot møtet før konklusjonen; standpunkt da: Innvilge");
    expect(renderDecisionText(record, h.roster, "en")).toContain("left the meeting before the conclusion; position then: Grant");
  });
});

describe("who sees what of a case (the shared card and each person's own view)", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    // m-vest-2 (Helse Fonna) is recused from FONNA; s-vest-2 stands in; s-sorost-1's member is present.
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "s-vest-2", "s-sorost-1", "m-midt-1"]);
    await takeUp(FONNA_CASE);
    await takeUp(STAVANGER_CASE);
  });
  afterAll(async () => h.stop());

  const CLINICAL = "Pasienten har en dokumentert respons"; // FONNA's applicant reasoning
  const PRIORITY = "Progredierende sykdom med betydelig funksjonstap"; // FONNA's priority text
  const PRICE = /798\s?000/; // FONNA's confidential price

  it("gives the shared card a neutral banner and only the case code, method, status and quorum", async () => {
    const shared = sharedCaseCard(FONNA_CASE);
    const text = cardText(shared);
    expect(text).toContain("Alle i komiteen ser sin egen visning av dette kortet");
    expect(text).not.toContain("Du er ikke på komiteens medlemsliste");
    expect(text).toContain(FONNA_CASE);
    expect(text).toContain("Nusinersen til voksne med spinal muskelatrofi type 3");
    expect(text).toContain("Til behandling");
    expect(text).toMatch(/Beslutningsdyktig: \d stemmeberettigede/);
    for (const hidden of [CLINICAL, PRIORITY, "Helse Fonna", "Odd Arne Brekkestø", "Ikke avgitt"]) expect(text).not.toContain(hidden);
    expect(text).not.toMatch(PRICE);
    expect(executeActions(shared)).toHaveLength(0);
  });

  const sees = (card: any) => {
    const text = cardText(card);
    return {
      clinical: text.includes(CLINICAL) && text.includes(PRIORITY),
      price: PRICE.test(text),
      buttons: executeActions(card).filter((a) => a.verb === "position").length > 0,
      text,
    };
  };

  it("shows an eligible member, the chair, the coordinator and the observers the clinical texts and the price", async () => {
    for (const who of ["m-sorost-1", "chair", "coord", "obs-dmp", "obs-nye-metoder"]) {
      const s = sees(await view(who, FONNA_CASE));
      expect(s, who).toMatchObject({ clinical: true, price: true });
    }
    expect(sees(await view("m-sorost-1", FONNA_CASE)).buttons).toBe(true);
    expect(sees(await view("chair", FONNA_CASE)).buttons).toBe(false);
  });

  it("shows a recused member only the case's title and why, without the price or the clinical texts", async () => {
    const s = sees(await view("m-vest-2", FONNA_CASE));
    expect(s).toMatchObject({ clinical: false, price: false, buttons: false });
    expect(s.text).toContain("Du er inhabil i denne saken: Saken gjelder eget helseforetak");
    expect(s.text).toContain(FONNA_CASE);
  });

  it("shows a substitute standing in the full case with the buttons, and one whose member sits in the case that their member takes part", async () => {
    expect(sees(await view("s-vest-2", FONNA_CASE))).toMatchObject({ clinical: true, price: true, buttons: true });
    const notNeeded = sees(await view("s-sorost-1", FONNA_CASE));
    expect(notNeeded).toMatchObject({ clinical: true, price: true, buttons: false });
    expect(notNeeded.text).toContain("Astrid Fjellvang deltar selv i denne saken");
    expect(notNeeded.text).not.toContain("Du er ikke registrert som til stede");
  });

  it("shows an HF contact the minimal view", async () => {
    const s = sees(await view("dir-stavanger", FONNA_CASE));
    expect(s).toMatchObject({ clinical: false, price: false, buttons: false });
  });

  it("lets the coordinator invite an external expert to one case with «ekspert», and shows the expert only that case (never the confidential price)", async () => {
    const before = sees(await view("expert-1", STAVANGER_CASE, "en-GB"));
    expect(before).toMatchObject({ clinical: false, price: false });
    expect(before.text).toContain("You are not invited to this case");

    await h.send(meetingMessage(h.url, h.who("coord"), `ekspert ${STAVANGER_CASE} expert-1`));
    const reply = h.connector.sent(MEETING_CHAT).at(-1)?.text;
    expect(reply).toContain(`Dr. Samuel Okafor-Berg er invitert som ekstern fagekspert til sak ${STAVANGER_CASE}`);
    expect(reply).not.toContain("expert-1");
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.experts).toEqual([expect.objectContaining({ caseId: STAVANGER_CASE, personId: "expert-1", by: "coord" })]);
    expect((await h.svc.audit.list(STAVANGER_CASE)).filter((a) => a.action === "expert.invited")).toHaveLength(1);

    const invited = cardText(await view("expert-1", STAVANGER_CASE, "en-GB"));
    expect(invited).toContain("Rask progresjon siste tre måneder"); // STAVANGER's applicant reasoning
    expect(invited).toContain("Forventet bremset progresjon."); // and its priority text
    expect(invited).not.toMatch(/45[\s,]?000/); // the confidential price stays in the committee
    expect(invited).toContain("You are invited to this case as an external expert");
    // Another case: the minimal view.
    expect(sees(await view("expert-1", FONNA_CASE))).toMatchObject({ clinical: false, price: false, buttons: false });
  });

  it("refuses «ekspert» from anyone but the coordinator, and an id that is no external expert, storing nothing", async () => {
    const before = await storeSnapshot(h.store, ["meetings"]);
    await h.send(meetingMessage(h.url, h.who("chair"), `ekspert ${FONNA_CASE} expert-1`));
    expect(h.connector.sent(MEETING_CHAT).at(-1)?.text).toMatch(/koordinatoren/);
    await h.send(meetingMessage(h.url, h.who("coord"), `ekspert ${FONNA_CASE} m-vest-1`));
    expect(h.connector.sent(MEETING_CHAT).at(-1)?.text).toContain("Fant ingen ekstern fagekspert");
    expect(await storeSnapshot(h.store, ["meetings"])).toEqual(before);
  });
});

describe("rules in the use cases", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "m-nord-1"]);
    await takeUp(STAVANGER_CASE);
  });
  afterAll(async () => h.stop());

  it("carries a declared conflict's own words to the decision record", async () => {
    await h.send(act("m-nord-1", "declareConflict", { meetingId: MEETING, caseId: STAVANGER_CASE, conflictReason: "Tidligere kollega av søkende lege" }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) await position(m, STAVANGER_CASE, "reject");
    expect(invokeCard(await conclude(STAVANGER_CASE))).toBeTruthy();
    const conclusion = await h.svc.meetings.conclusion(MEETING, STAVANGER_CASE);
    expect(conclusion?.recused).toContainEqual({ personId: "m-nord-1", reason: "declared", text: "Tidligere kollega av søkende lege" });
    const record = (await latestRecord(h.svc, STAVANGER_CASE))!;
    const text = renderDecisionText(record, h.roster, "nb");
    expect(text).toContain("erklært inhabil: Tidligere kollega av søkende lege");
    expect(text).not.toContain("erklært inhabil: declared");
  });
});

describe("the catchment-area recusal is a named policy (RECUSE_CATCHMENT_HF)", () => {
  const PRESENT = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
  const withCatchment = async () => {
    // The patient lives in St. Olavs hospital HF's area: m-midt-1 (and s-midt-1) are from there.
    await h.svc.cases.change(STAVANGER_CASE, (c) => ({ ...c, catchmentHfId: "st-olavs" }));
    await openMeeting(PRESENT);
    await takeUp(STAVANGER_CASE);
  };

  it("says on the case card when it is this policy that makes the case not quorate", async () => {
    h = await BotHarness.start();
    try {
      await withCatchment();
      const chair = cardText(await view("chair", STAVANGER_CASE));
      expect(chair).toContain("Ikke beslutningsdyktig: 3 stemmeberettigede");
      expect(chair).toContain("Det er regelen om inhabilitet for pasientens opptaksområde som gjør saken ikke beslutningsdyktig");
      expect(cardText(await view("m-midt-1", STAVANGER_CASE))).toContain("Du er inhabil i denne saken");
      expect(cardText(sharedCaseCard(STAVANGER_CASE))).toContain("regelen om inhabilitet for pasientens opptaksområde");
    } finally {
      await h.stop();
    }
  });

  it("recuses by the applying HF only when the policy is off", async () => {
    h = await BotHarness.start({ env: { RECUSE_CATCHMENT_HF: "false" } });
    try {
      expect(h.svc.settings.recuseCatchmentHf).toBe(false);
      await withCatchment();
      const chair = cardText(await view("chair", STAVANGER_CASE));
      expect(chair).toContain("Beslutningsdyktig: 4 stemmeberettigede");
      expect(chair).not.toContain("regelen om inhabilitet for pasientens opptaksområde");
      expect(cardText(await view("m-midt-1", STAVANGER_CASE))).not.toContain("Du er inhabil");
    } finally {
      await h.stop();
    }
  });
});

describe("meeting cards stay true and plain", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "s-vest-2", "m-midt-1"]);
  });
  afterAll(async () => h.stop());

  it("counts members against the eight seats and substitutes apart on the attendance card", async () => {
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "oppmøte"));
    const card = h.connector.sent(MEETING_CHAT).flatMap((a) => a.attachments ?? [])[0]?.content;
    expect(cardText(card)).toContain("5 av 8 medlemmer til stede · 1 vararepresentant til stede");
    expect(cardText(card)).not.toContain("av 16");
  });

  it("asks the chair to confirm «Konkluder», saying the decision is recorded and the draft goes to the coordinator", async () => {
    await takeUp(FONNA_CASE);
    for (const m of ["m-sorost-1", "m-sorost-2", "m-vest-1", "s-vest-2", "m-midt-1"]) await position(m, FONNA_CASE, "grant");
    const chair = await view("chair", FONNA_CASE);
    const confirm = JSON.stringify(chair.actions ?? []);
    expect(confirm).toContain("Action.ShowCard");
    expect(cardText(chair)).toContain(
      "Er du sikker? Saken konkluderes som innvilget: beslutningen registreres, og utkastet til avgjørelse sendes koordinatoren.",
    );
    expect(executeActions(chair).find((a) => a.verb === "conclude")?.title).toBe("Ja, konkluder: Innvilget");
    // The outer button only opens the question: it is not the action.
    expect((chair.actions as any[]).some((a) => a.type === "Action.Execute" && a.verb === "conclude")).toBe(false);
  });

  it("says on the coordinator's record card who sat as substitute for whom", async () => {
    expect(invokeCard(await conclude(FONNA_CASE))).toBeTruthy();
    const record = (await latestRecord(h.svc, FONNA_CASE))!;
    expect(record.participants).toContainEqual(
      expect.objectContaining({ personId: "s-vest-2", standingInFor: "m-vest-2", standingInForName: "Odd Arne Brekkestø" }),
    );
    const toCoordinator = h.connector.sent(`a:1on1-${h.who("coord").aadObjectId}`).flatMap((a) => a.attachments ?? []);
    expect(cardText(toCoordinator.at(-1)?.content)).toContain("Marit Skjelbred (Helse Førde HF) – vara for Odd Arne Brekkestø");
  });

  it("never shows a concluded or deferred case as under consideration on the agenda", async () => {
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
    const agenda = latestAgendaCard();
    expect(cardText(agenda)).not.toContain("Til behandling nå");
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(FONNA_CASE);
    await takeUp(INNLANDET_CASE);
    await h.send(act("chair", "defer", { meetingId: MEETING, caseId: INNLANDET_CASE, deferReason: "Trenger mer informasjon" }));
    expect(cardText(latestAgendaCard())).not.toContain("Til behandling nå");
  });

  it("clears the case in hand when the meeting ends, so the agenda shows none as under consideration", async () => {
    await takeUp(STAVANGER_CASE);
    expect(cardText(latestAgendaCard())).toContain("Til behandling nå");
    await h.send(meetingEnd(h.url));
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBeUndefined();
    expect(cardText(latestAgendaCard())).not.toContain("Til behandling nå");
  });

  it("tells people in a group chat to mention the bot", async () => {
    const added = botAddedToMeeting(h.url, h.who("chair")) as any;
    added.conversation = { ...added.conversation, id: "19:some-group@thread.v2" };
    added.channelData = { tenant: added.channelData.tenant };
    await h.send(added);
    const welcome = h.connector.sent("19:some-group@thread.v2").at(-1)?.text;
    expect(welcome).toContain("@Komitébot");
  });
});
