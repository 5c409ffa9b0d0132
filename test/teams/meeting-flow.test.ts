/**
 * The meeting as Teams drives it: real activity shapes (channel msteams) through
 * the adapter and the app, asserting on replies, invoke responses and stored state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import {
  botAddedToMeeting,
  cardAction,
  installationUpdate,
  meetingEnd,
  meetingMessage,
  meetingStart,
  participantJoin,
  participantLeave,
  personalMessage,
  MEETING_CHAT,
  teamsUserIdOf,
} from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { latestRecord } from "../../src/app/coordinator/records.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA_CASE = `TO-${Y}-001`; // applying HF: Helse Fonna → m-vest-2 recused
const INNLANDET_CASE = `TO-${Y}-002`;
const STAVANGER_CASE = `TO-${Y}-003`;
const EIGHT = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1", "m-nord-2"];

let h: BotHarness;

async function openMeeting(present: string[]) {
  await h.send(botAddedToMeeting(h.url, h.who("chair")));
  await h.send(
    participantJoin(
      h.url,
      present.map((id) => h.who(id)),
    ),
  );
}

async function position(who: string, caseId: string, pos: "grant" | "reject" | "defer") {
  return h.send(cardAction(h.url, h.who(who), "position", { meetingId: MEETING, caseId, position: pos }));
}

describe("the meeting bot", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.connector.reset());

  it("links the meeting chat to today's committee meeting when added, and posts the agenda and attendance cards", async () => {
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.meeting.teams?.conversationId).toMatch(/^19:meeting_/);
    const sent = h.connector.sent();
    const cards = sent.flatMap((a) => a.attachments ?? []).map((x: any) => x.content);
    expect(cards.length).toBe(2);
    expect(cardText(cards[0])).toContain(FONNA_CASE);
    expect(sent.some((a) => typeof a.text === "string" && a.text.includes(MEETING))).toBe(true);
  });

  it("records meeting start and end from Teams' PascalCase payloads", async () => {
    await h.send(meetingStart(h.url));
    await h.send(meetingEnd(h.url));
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.meeting.startedAt).toBeTruthy();
    expect(state?.meeting.endedAt).toBeTruthy();
  });

  it("marks attendance from participant join and leave events as Teams names them", async () => {
    await h.send(participantJoin(h.url, [h.who("m-nord-1"), h.who("m-nord-2")]));
    await h.send(participantLeave(h.url, [h.who("m-nord-2")]));
    const state = await h.svc.meetings.load(MEETING);
    const marks = new Map(state!.attendance.map((a) => [a.personId, a]));
    expect(marks.get("m-nord-1")?.present).toBe(true);
    expect(marks.get("m-nord-1")?.source).toBe("event");
    expect(marks.get("m-nord-2")?.present).toBe(false);
  });

  it("stores the 1:1 conversation reference on install, and answers someone not on the roster politely", async () => {
    await h.send(installationUpdate(h.url, h.who("dir-stavanger")));
    const stranger = { aadObjectId: "11111111-2222-4333-8444-555555555555", name: "Ukjent Person" };
    await h.send(personalMessage(h.url, stranger, "sakliste"));
    const reply = h.connector.sent(`a:1on1-${stranger.aadObjectId}`).at(-1);
    expect(reply?.text).toMatch(/roster|liste|koordinator/i);
    const r = await h.send(cardAction(h.url, stranger, "position", { meetingId: MEETING, caseId: FONNA_CASE, position: "grant" }));
    expect(invokeMessage(r)).toBeTruthy();
    const state = await h.svc.meetings.load(MEETING);
    expect(state!.positions).toHaveLength(0);
  });
});

describe("a full meeting: recusal, a substitute standing in, consensus, conclusion", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
    await openMeeting(["m-sorost-1", "m-vest-1", "m-vest-2", "m-midt-1"]);
  });
  afterAll(async () => h.stop());

  it("lets the chair take up the next case, posting its brief into the meeting chat", async () => {
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "neste sak"));
    const c = await h.svc.cases.byCode(FONNA_CASE);
    expect(c?.status).toBe("inMeeting");
    const brief = h.connector.sent().flatMap((a) => a.attachments ?? [])[0]?.content;
    expect(brief?.type).toBe("AdaptiveCard");
    expect(cardText(brief)).toContain(FONNA_CASE);
    expect(brief.refresh?.action?.verb).toBe("refreshCase");
  });

  it("shows a recused member that they are recused, without position buttons", async () => {
    const r = await h.send(cardAction(h.url, h.who("m-vest-2"), "refreshCase", { meetingId: MEETING, caseId: FONNA_CASE }));
    const card = invokeCard(r);
    expect(card).toBeTruthy();
    expect(executeActions(card).filter((a) => a.verb === "position")).toHaveLength(0);
  });

  it("refuses a position from the recused member and stores nothing", async () => {
    const r = await position("m-vest-2", FONNA_CASE, "grant");
    expect(invokeMessage(r)).toMatch(/inhabil/i);
    const state = await h.svc.meetings.load(MEETING);
    expect(state!.positions.filter((p) => p.personId === "m-vest-2")).toHaveLength(0);
  });

  it("is not quorate with 3 eligible members, so the chair's conclusion is refused", async () => {
    for (const m of ["m-sorost-1", "m-vest-1", "m-midt-1"]) expect(invokeCard(await position(m, FONNA_CASE, "grant"))).toBeTruthy();
    const r = await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA_CASE }));
    expect(invokeMessage(r)).toMatch(/beslutningsdyktig|quorum|4/i);
    expect((await h.svc.cases.byCode(FONNA_CASE))?.status).toBe("inMeeting");
  });

  it("counts the recused member's substitute in their place, and the chair concludes on consensus", async () => {
    await h.send(participantJoin(h.url, [h.who("s-vest-2")]));
    const viewAsSubstitute = invokeCard(await h.send(cardAction(h.url, h.who("s-vest-2"), "refreshCase", { meetingId: MEETING, caseId: FONNA_CASE })));
    expect(executeActions(viewAsSubstitute).filter((a) => a.verb === "position")).toHaveLength(3);
    expect(invokeCard(await position("s-vest-2", FONNA_CASE, "grant"))).toBeTruthy();

    const chairView = invokeCard(await h.send(cardAction(h.url, h.who("chair"), "refreshCase", { meetingId: MEETING, caseId: FONNA_CASE })));
    expect(executeActions(chairView).map((a) => a.verb)).toContain("conclude");
    const r = await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA_CASE }));
    expect(invokeCard(r)).toBeTruthy();
    const c = await h.svc.cases.byCode(FONNA_CASE);
    expect(c?.outcome).toBe("granted");
    // The bot drafts the decision record at once and shows it to the coordinator.
    expect(c?.status).toBe("recordDrafted");
    const record = await latestRecord(h.svc, FONNA_CASE);
    expect(record).toMatchObject({ outcome: "granted", status: "draft", version: 1 });
    const toCoordinator = h.connector.sent(`a:1on1-${h.who("coord").aadObjectId}`).flatMap((a) => a.attachments ?? []);
    expect(cardText(toCoordinator[0]?.content)).toContain(FONNA_CASE);
    const state = await h.svc.meetings.load(MEETING);
    const conclusion = state!.conclusions.find((x) => x.caseId === FONNA_CASE)!;
    expect(conclusion.participants.sort()).toEqual(["m-midt-1", "m-sorost-1", "m-vest-1", "s-vest-2"]);
    expect(conclusion.recused.map((x) => x.personId)).toContain("m-vest-2");
    const audit = await h.svc.audit.list(FONNA_CASE);
    expect(audit.filter((a) => a.action === "case.concluded")).toHaveLength(1);

    // A second click on "Konkluder" (or Teams redelivering it) changes nothing and says nothing twice.
    const notices = () => h.connector.sent().filter((a) => typeof a.text === "string" && a.text.includes(FONNA_CASE)).length;
    const before = notices();
    expect(invokeCard(await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA_CASE })))).toBeTruthy();
    expect(notices()).toBe(before);
    expect((await h.svc.audit.list(FONNA_CASE)).filter((a) => a.action === "case.concluded")).toHaveLength(1);
    expect(await h.svc.records.versions(FONNA_CASE)).toHaveLength(1);
  });

  it("refuses positions after the conclusion", async () => {
    const r = await position("m-sorost-1", FONNA_CASE, "reject");
    expect(invokeMessage(r)).toBeTruthy();
    const state = await h.svc.meetings.load(MEETING);
    expect(state!.positions.find((p) => p.personId === "m-sorost-1" && p.caseId === FONNA_CASE)?.position).toBe("grant");
  });
});

describe("per-user views (the REPLACE_FOR_ALL workaround)", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]);
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
  });
  afterAll(async () => h.stop());

  it("answers the clicking member with their own view and updates the shared card with the read-only base view", async () => {
    h.connector.reset();
    const click = cardAction(h.url, h.who("m-midt-1"), "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "grant" });
    const r = await h.send(click);
    expect(r?.status).toBe(200);
    const own = invokeCard(r);
    expect(executeActions(own).filter((a) => a.verb === "position")).toHaveLength(3);
    // Teams AI v1 would PUT the actor's card over the message they clicked (REPLACE_FOR_ALL) for everyone.
    expect(h.connector.updates().filter((u) => u.activityId === click.replyToId)).toHaveLength(0);
    const shared = h.connector
      .updates()
      .map((u) => u.body?.attachments?.[0]?.content)
      .filter((c) => c?.refresh?.action?.data?.caseId === STAVANGER_CASE);
    expect(shared.length).toBeGreaterThan(0);
    for (const card of shared) {
      expect(executeActions(card).filter((a) => a.verb === "position" || a.verb === "conclude")).toHaveLength(0);
      expect(card.refresh.userIds.length).toBeGreaterThan(0);
    }
  });

  it("shows the chair the chair's controls and an observer a read-only card", async () => {
    const chair = invokeCard(await h.send(cardAction(h.url, h.who("chair"), "refreshCase", { meetingId: MEETING, caseId: STAVANGER_CASE })));
    expect(executeActions(chair).map((a) => a.verb)).toContain("defer");
    expect(executeActions(chair).filter((a) => a.verb === "position")).toHaveLength(0);
    const observer = invokeCard(await h.send(cardAction(h.url, h.who("obs-dmp"), "refreshCase", { meetingId: MEETING, caseId: STAVANGER_CASE })));
    expect(executeActions(observer)).toHaveLength(0);
  });

  it("keeps confidential prices out of the shared base card but shows them to members", async () => {
    const member = invokeCard(await h.send(cardAction(h.url, h.who("m-midt-2"), "refreshCase", { meetingId: MEETING, caseId: STAVANGER_CASE })));
    expect(cardText(member)).toMatch(/45\s?000/);
    const shared = h.connector
      .updates()
      .map((u) => u.body?.attachments?.[0]?.content)
      .find((c: any) => c?.refresh?.action?.data?.caseId === STAVANGER_CASE);
    expect(shared).toBeTruthy();
    expect(cardText(shared)).not.toMatch(/45\s?000/);
  });
});

describe("a dissent", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "m-nord-1"]);
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: INNLANDET_CASE }));
  });
  afterAll(async () => h.stop());

  it("refuses the conclusion when one member disagrees, but lets the chair defer with a reason", async () => {
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) await position(m, INNLANDET_CASE, "grant");
    await position("m-nord-1", INNLANDET_CASE, "reject");
    const refused = await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: INNLANDET_CASE }));
    expect(invokeMessage(refused)).toBeTruthy();
    expect((await h.svc.cases.byCode(INNLANDET_CASE))?.status).toBe("inMeeting");

    const empty = await h.send(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: INNLANDET_CASE, deferReason: "   " }));
    expect(invokeMessage(empty)).toBeTruthy();
    const deferred = await h.send(
      cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: INNLANDET_CASE, deferReason: "Trenger uttalelse fra fagmiljøet" }),
    );
    expect(invokeCard(deferred)).toBeTruthy();
    expect((await h.svc.cases.byCode(INNLANDET_CASE))?.status).toBe("deferred");
  });

  it("does not let a member conclude or defer (chair only)", async () => {
    const r = await h.send(cardAction(h.url, h.who("m-sorost-1"), "conclude", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    expect(invokeMessage(r)).toBeTruthy();
  });

  it("answers in English when the user's Teams locale is English", async () => {
    const r = await h.send(cardAction(h.url, h.who("m-sorost-1", "en-US"), "conclude", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    expect(invokeMessage(r)).toMatch(/chair/i);
  });
});

describe("over HTTP to /api/messages (local mode)", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it("runs the same flow over HTTP: link, join, take up, positions, refused conclusion", async () => {
    expect((await h.post(botAddedToMeeting(h.url, h.who("chair")))).status).toBe(200);
    await h.post(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1"].map((id) => h.who(id)),
      ),
    );
    const takeUp = await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    expect(takeUp.status).toBe(200);
    expect(invokeCard(takeUp)).toBeTruthy();
    const pos = await h.post(cardAction(h.url, h.who("m-midt-1"), "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "grant" }));
    expect(invokeCard(pos)).toBeTruthy();
    const conclude = await h.post(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    expect(invokeMessage(conclude)).toBeTruthy();
    const health = await fetch(`${h.host.server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("gives one effect for an activity delivered twice", async () => {
    const message = meetingMessage(h.url, h.who("chair"), "sakliste");
    h.connector.reset();
    await h.post(message);
    await h.post(message);
    expect(h.connector.sent().filter((a) => a.attachments?.length)).toHaveLength(1);
    // … also when the two deliveries arrive at the same instant.
    const again = meetingMessage(h.url, h.who("chair"), "oppmøte");
    h.connector.reset();
    await Promise.all([h.post(again), h.post(again), h.post(again)]);
    expect(h.connector.sent().filter((a) => a.attachments?.length)).toHaveLength(1);
    const act = cardAction(h.url, h.who("m-sorost-2"), "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "reject" });
    await h.post(act);
    await h.post(act);
    const audit = await h.svc.audit.list(STAVANGER_CASE);
    expect(audit.filter((a) => a.action === "position.stated" && a.actor.rosterId === "m-sorost-2")).toHaveLength(1);
  });

  it("answers a malformed body with 400 and a non-JSON body with 415/400, changing nothing", async () => {
    const bad = await fetch(`${h.host.server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    const arr = await h.post([] as unknown as object);
    expect(arr.status).toBe(400);
  });
});

describe("linking and attendance hints", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  it("lets the chair link a chat that is not a meeting chat with «koble møte», and refuses a member", async () => {
    const plainChat = (who: string) => {
      const a = meetingMessage(h.url, h.who(who), "koble møte") as any;
      a.conversation = { ...a.conversation, id: "19:plain-group-chat@thread.v2" };
      a.channelData = { tenant: a.channelData.tenant };
      return a;
    };
    await h.send(plainChat("m-sorost-1"));
    expect(h.connector.sent("19:plain-group-chat@thread.v2").at(-1)?.text).toMatch(/leder|koordinator/i);
    expect((await h.svc.meetings.load(MEETING))?.meeting.teams).toBeUndefined();
    await h.send(plainChat("coord"));
    expect((await h.svc.meetings.load(MEETING))?.meeting.teams?.conversationId).toBe("19:plain-group-chat@thread.v2");
  });

  it("never moves the link by itself: adding the bot to another chat is refused, the chair's «koble møte» moves it", async () => {
    h.connector.reset();
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    expect((await h.svc.meetings.load(MEETING))?.meeting.teams?.conversationId).toBe("19:plain-group-chat@thread.v2");
    expect(h.connector.sent().some((a) => /allerede koblet/.test(a.text ?? ""))).toBe(true);
    const stranger = { aadObjectId: "11111111-2222-4333-8444-555555555555", name: "Ukjent" };
    await h.send(botAddedToMeeting(h.url, stranger));
    expect((await h.svc.meetings.load(MEETING))?.meeting.teams?.conversationId).toBe("19:plain-group-chat@thread.v2");
    await h.send(meetingMessage(h.url, h.who("chair"), "koble møte"));
    expect((await h.svc.meetings.load(MEETING))?.meeting.teams?.conversationId).toBe(MEETING_CHAT);
  });

  it("trusts Teams' getMeetingParticipant over a join event when it can tell", async () => {
    const teamsMeetingId = (await h.svc.meetings.load(MEETING))!.meeting.teams!.meetingId!;
    // Teams reports the member as no longer in the meeting (a late or stale join event).
    h.connector.participants.set(teamsMeetingId, new Map([[h.who("m-nord-2").aadObjectId, { inMeeting: false, role: "Attendee" }]]));
    await h.send(participantJoin(h.url, [h.who("m-nord-2"), h.who("m-nord-1")]));
    const marks = new Map((await h.svc.meetings.load(MEETING))!.attendance.map((a) => [a.personId, a.present]));
    expect(marks.get("m-nord-2")).toBe(false);
    expect(marks.get("m-nord-1")).toBe(true); // 404 from Teams: the event is the best we know
  });

  it("gives a member who only joined the meeting their own view (their Teams id is in refresh.userIds)", async () => {
    h.connector.reset();
    await h.send(participantJoin(h.url, [h.who("m-midt-2")]));
    const shared = h.connector
      .updates()
      .map((u) => u.body?.attachments?.[0]?.content)
      .find((c: any) => c?.refresh);
    expect(shared?.refresh.userIds).toContain(teamsUserIdOf(h.who("m-midt-2").aadObjectId));
  });

  it("checks a member in from the attendance card when events don't come", async () => {
    const r = await h.send(cardAction(h.url, h.who("m-vest-1"), "checkIn", { meetingId: MEETING }));
    expect(invokeCard(r)).toBeTruthy();
    const mark = (await h.svc.meetings.load(MEETING))!.attendance.find((a) => a.personId === "m-vest-1");
    expect(mark).toMatchObject({ present: true, source: "checkin" });
  });
});

describe("no patient identity in any free text", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await openMeeting(["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]);
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
  });
  afterAll(async () => h.stop());

  it("refuses a conflict or deferral reason that holds a fødselsnummer, in the user's language, storing nothing", async () => {
    const conflict = await h.send(
      cardAction(h.url, h.who("m-sorost-1"), "declareConflict", {
        meetingId: MEETING,
        caseId: STAVANGER_CASE,
        conflictReason: "Jeg kjenner pasienten 010170 00027",
      }),
    );
    expect(invokeMessage(conflict)).toMatch(/fødselsnummer/i);
    const defer = await h.send(
      cardAction(h.url, h.who("chair", "en-GB"), "defer", { meetingId: MEETING, caseId: STAVANGER_CASE, deferReason: "Patient 01017000027 needs more tests" }),
    );
    expect(invokeMessage(defer)).toMatch(/national identity|D number|fødselsnummer/i);
    const state = await h.svc.meetings.load(MEETING);
    expect(state?.conflicts).toHaveLength(0);
    expect(state?.conclusions).toHaveLength(0);
  });
});
