/**
 * Issue 10, the coordinator's side, the HF's side and help that fits the
 * person — driven through the whole app with the activities Teams sends
 * (1:1 messages, Action.Execute invokes from cards, installs, meeting chat
 * messages), asserting what the bot sends, updates and stores.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, meetingMessage, MEETING_CHAT, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { DEMO_ROSTER } from "../../src/host.js";
import { findingsFor } from "../support/record-findings.js";
import { chairApproves } from "../support/record-findings.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA = `TO-${Y}-001`; // Helse Fonna: its fagdirektør is dir-fonna; member m-vest-2 is recused
const INNLANDET = `TO-${Y}-002`; // Sykehuset Innlandet: dir-innlandet
const STAVANGER = `TO-${Y}-003`; // Helse Stavanger: dir-stavanger
const FOUR = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const REASONING = "Komiteen finner at pasienten er klinisk eksepsjonell og at prioriteringskriteriene trolig er oppfylt.";

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const sentTo = (id: string) => h.connector.sent(oneOnOne(id));
const cardsTo = (id: string) =>
  sentTo(id)
    .flatMap((a) => a.attachments ?? [])
    .filter((x: any) => x.contentType === "application/vnd.microsoft.card.adaptive")
    .map((x: any) => x.content);
const textsTo = (id: string) => sentTo(id).map((a) => String(a.text ?? ""));
const say = (id: string, text: string, locale?: string) => h.send(personalMessage(h.url, h.who(id, locale), text));
const click = (id: string, verb: string, data: Record<string, unknown>, replyToId?: string) =>
  h.send(cardAction(h.url, h.who(id), verb, data, { personal: true, ...(replyToId ? { replyToId } : {}) }));
const isRecordCard = (card: any) =>
  /Avgjørelse – sak|avgjørelse – sak/.test(cardText(card)) &&
  executeActions(card).some((a) => ["confirmRecord", "routeRecord", "correctRecord", "saveRecord"].includes(a.verb));
const updatesOf = (id: string, activityId: string) =>
  h.connector
    .updates(oneOnOne(id))
    .filter((u) => u.activityId === activityId)
    .map((u) => u.body?.attachments?.[0]?.content);

let meetingOpen = false;
/** The chair takes up a case, the four members grant (or reject) it, and the chair concludes. */
async function decide(caseId: string, position: "grant" | "reject" = "grant") {
  if (!meetingOpen) {
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        FOUR.map((id) => h.who(id)),
      ),
    );
    meetingOpen = true;
  }
  await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId }));
  for (const m of FOUR) await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId, position }));
  await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId }));
  return (await latestRecord(h.svc, caseId))!;
}

async function confirm(caseId: string) {
  const draft = (await latestRecord(h.svc, caseId))!;
  const r = await click("coord", "confirmRecord", { caseId, recordId: draft.id, reasoning: REASONING, ...findingsFor(draft.outcome) });
  // Issue 14: the chair approves; the coordinator gets the record card that can now be sent.
  await chairApproves(h, caseId, draft.id);
  return { record: (await latestRecord(h.svc, caseId))!, card: invokeCard(r), approvedCard: cardsTo("coord").filter(isRecordCard).at(-1) };
}

describe("routing that can succeed, cards that stay true, clicks that ask first", () => {
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger", "dir-fonna"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("asks first on «Bekreft avgjørelsen»: the confirming step says the record is frozen, with the real action inside", async () => {
    await decide(STAVANGER);
    const draftCard = cardsTo("coord").filter(isRecordCard).at(-1);
    const top = (draftCard.actions as any[]).map((a) => a.verb ?? a.type);
    expect(top).toEqual(["saveRecord", "Action.ShowCard"]); // no confirmRecord a misclick could hit
    const ask = (draftCard.actions as any[])[1];
    expect(cardText(ask.card)).toMatch(/Er du sikker\?[\s\S]*låses/);
    expect(executeActions(ask.card).map((a) => a.verb)).toEqual(["confirmRecord"]);
    const { record, card, approvedCard } = await confirm(STAVANGER);
    expect(record.status).toBe("confirmed");
    // Issue 14: confirmed, the record waits for the chair: no «Send til HF» before the approval.
    expect(cardText(card)).toContain("Venter på godkjenning fra leder");
    expect(executeActions(card).some((a) => a.verb === "routeRecord")).toBe(false);
    expect(cardText(approvedCard)).toContain("Leder har godkjent avgjørelsen");
    // «Send til HF» asks too, naming who the record goes to.
    const route = (approvedCard.actions as any[]).find((a) => a.type === "Action.ShowCard" && executeActions(a.card).some((x) => x.verb === "routeRecord"));
    expect(cardText(route.card)).toMatch(/Er du sikker\?[\s\S]*Trude Kvinlaug, fagdirektør i Helse Stavanger HF/);
    expect((approvedCard.actions as any[]).some((a) => a.verb === "routeRecord")).toBe(false);
  });

  it("sends a double-clicked and redelivered «Send til HF» once, and gives the coordinator no second copy of the record card", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    h.connector.reset();
    const first = cardAction(
      h.url,
      h.who("coord"),
      "routeRecord",
      { caseId: STAVANGER, recordId: record.id, from: "record" },
      { personal: true, replyToId: "card-stavanger-v1" },
    );
    const second = cardAction(
      h.url,
      h.who("coord"),
      "routeRecord",
      { caseId: STAVANGER, recordId: record.id, from: "record" },
      { personal: true, replyToId: "card-stavanger-v1" },
    );
    const answers = await Promise.all([h.send(first), h.send(second)]);
    await h.send(first); // Teams redelivers the first click
    for (const a of answers) {
      const card = invokeCard(a);
      expect(executeActions(card).map((x) => x.verb)).not.toContain("routeRecord"); // no live «Send til HF» after the click
    }
    expect(cardsTo("dir-stavanger").filter((c) => executeActions(c).some((a) => a.verb === "acknowledge"))).toHaveLength(1);
    expect(cardsTo("coord").filter(isRecordCard)).toHaveLength(0); // updated in place, never posted again
    const updated = updatesOf("coord", "card-stavanger-v1").at(-1);
    expect(cardText(updated)).toMatch(/Sendt til søkende HF/);
    expect(executeActions(updated).map((a) => a.verb)).not.toContain("routeRecord");
    expect(await h.svc.records.routing(STAVANGER, record.id)).toMatchObject({ state: "sent", attempts: [expect.objectContaining({ ok: true })] });
  });

  it("tells the coordinator when the HF presses «Mottatt», and shows it on the record card the send came from", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    h.connector.reset();
    const ack = await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER, recordId: record.id }, { personal: true }));
    expect(executeActions(invokeCard(ack))).toHaveLength(0);
    const told = cardsTo("coord").at(-1);
    expect(cardText(told)).toMatch(/Avgjørelsen er mottatt – sak/);
    expect(cardText(told)).toContain("Trude Kvinlaug (Helse Stavanger HF)");
    expect(cardText(updatesOf("coord", "card-stavanger-v1").at(-1))).toMatch(/Mottatt av HF/);
    // Pressing again tells no one twice.
    await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER, recordId: record.id }, { personal: true }));
    expect(cardsTo("coord").filter((c) => /Avgjørelsen er mottatt/.test(cardText(c)))).toHaveLength(1);
  });

  it("routes the Helse Fonna case to its fagdirektør (every demo case can be routed)", async () => {
    await decide(FONNA, "reject");
    const { record } = await confirm(FONNA);
    h.connector.reset();
    await click("coord", "routeRecord", { caseId: FONNA, recordId: record.id, from: "record" }, "card-fonna-v1");
    expect((await h.svc.records.routing(FONNA, record.id))?.state).toBe("sent");
    expect((await h.svc.records.routing(FONNA, record.id))?.recipientId).toBe("dir-fonna");
    expect(cardText(cardsTo("dir-fonna").at(-1))).toContain(FONNA);
  });

  it("shows a failed send in «saker» instead of hiding it behind «Avgjørelse bekreftet»", async () => {
    await decide(INNLANDET);
    const { record } = await confirm(INNLANDET);
    await click("coord", "routeRecord", { caseId: INNLANDET, recordId: record.id, from: "record" }, "card-innlandet-v1"); // dir-innlandet has no chat with the bot
    expect((await h.svc.records.routing(INNLANDET, record.id))?.state).toBe("failed");
    // The card it was sent from now says it failed, and offers the PDF and another try (which can succeed once they install).
    const failed = updatesOf("coord", "card-innlandet-v1").at(-1);
    expect(cardText(failed)).toMatch(/Feilet/);
    expect(executeActions(failed).map((a) => a.verb)).toEqual(expect.arrayContaining(["routeRecord", "offerPdf"]));
    await say("coord", "saker");
    const list = cardsTo("coord").at(-1);
    const row = cardText(list).split("\n");
    const at = row.indexOf(INNLANDET);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(row.slice(at, at + 5).join(" ")).toMatch(/Avgjørelsen kom ikke fram til HF/);
    expect(cardText(list)).not.toMatch(new RegExp(`${INNLANDET}[\\s\\S]{0,200}Avgjørelse bekreftet`));
  });

  it("keeps the confirming steps' words in English for an English-speaking coordinator", async () => {
    await say("coord", `case ${INNLANDET}`, "en-US");
    const card = cardsTo("coord").at(-1);
    expect(cardText(card)).toMatch(/Are you sure\?/);
  });
});

describe("no recipient on the roster: the alert names the HF and offers what can work", () => {
  let rosterFile: string;
  beforeAll(async () => {
    meetingOpen = false;
    const roster = JSON.parse(readFileSync(DEMO_ROSTER, "utf8"));
    // Neither the fagdirektør nor the assisterende fagdirektør (issue 14: both receive Helse Fonna's decisions).
    roster.people = roster.people.filter((p: { id: string }) => p.id !== "dir-fonna" && p.id !== "dep-fonna");
    rosterFile = join(mkdtempSync(join(tmpdir(), "komitebot-roster-")), "roster.json");
    writeFileSync(rosterFile, JSON.stringify(roster));
    h = await BotHarness.start({ env: { ROSTER_FILE: rosterFile } });
    await h.send(installationUpdate(h.url, h.who("coord")));
  });
  afterAll(async () => h.stop());

  it("names, in «sammensetning», the HF with cases that has nobody to receive its decisions (issue 14)", async () => {
    h.connector.reset();
    await say("coord", "sammensetning");
    const text = cardsTo("coord").map(cardText).join("\n");
    expect(text).toContain("Helse Fonna HF har saker, men ingen på listen som kan motta avgjørelsene");
    expect(text).not.toContain("helse-fonna");
  });

  it("offers the PDF on the record card instead of a «Send til HF» that cannot succeed", async () => {
    await decide(FONNA);
    const { card } = await confirm(FONNA);
    expect(cardText(card)).toMatch(/Ingen fagdirektør for Helse Fonna HF står i medlemslisten/);
    // A grant with økt nytte found met prompts a group-level proposal first (issue 15).
    expect(executeActions(card).map((a) => a.verb)).toEqual(["openProposal", "offerPdf", "correctRecord"]);
  });

  it("alerts with the HF's name, the PDF and how to add a recipient — never «Prøv igjen»", async () => {
    const record = (await latestRecord(h.svc, FONNA))!;
    h.connector.reset();
    // An older card still had the button: the send is tried, and fails for want of a recipient.
    await click("coord", "routeRecord", { caseId: FONNA, recordId: record.id, from: "record" }, "card-fonna-old");
    expect(await h.svc.records.routing(FONNA, record.id)).toMatchObject({ state: "failed", failedReason: "notOnRoster" });
    const alert = cardsTo("coord").find((c) => /ble ikke sendt/.test(cardText(c)));
    const words = cardText(alert);
    expect(words).toContain("Helse Fonna HF");
    expect(words).not.toMatch(/til : |: …/);
    expect(words).toMatch(/legges inn i medlemslisten/);
    expect(executeActions(alert).map((a) => a.verb)).toEqual(["offerPdf", "openCase"]);
    expect(cardText(alert)).not.toMatch(/Prøv igjen/);
    // … with the PDF offered at once (file consent), and again from the alert's button.
    const consent = () =>
      sentTo("coord")
        .flatMap((a) => a.attachments ?? [])
        .filter((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.consent");
    expect(consent().map((c: any) => c.name)).toEqual([`${record.id}.pdf`]);
    const offered = await click("coord", "offerPdf", { caseId: FONNA, recordId: record.id });
    expect(invokeMessage(offered)).toMatch(/PDF/);
    expect(consent()).toHaveLength(2);
    // The routing list offers no «Send på nytt» for it either.
    await say("coord", "utsendelser");
    expect(executeActions(cardsTo("coord").at(-1))).toEqual([]);
  });
});

describe("nothing is dropped in silence", () => {
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    // The coordinator has not installed the app or written to the bot yet.
  });
  afterAll(async () => h.stop());

  it("tells the chair in the meeting chat when the draft reaches no coordinator, and logs it by ids", async () => {
    await decide(STAVANGER);
    const notices = h.connector.sent(MEETING_CHAT).map((a) => String(a.text ?? ""));
    expect(notices.some((t) => t.includes(STAVANGER) && /venter på koordinatoren/.test(t))).toBe(true);
    const logged = h.logLines.filter((l) => l.includes("notification not delivered"));
    expect(logged.some((l) => l.includes('"to":"coord"') && l.includes('"what":"recordDrafted"') && l.includes('"failure":"noConversation"'))).toBe(true);
    expect(logged.join("\n")).not.toMatch(/Maren|Ødegård|Nusinersen|Enzymerstatning/);
    await decide(INNLANDET);
  });

  it("delivers what waited, in order and once, when the coordinator opens the chat — even with two activities at once", async () => {
    await Promise.all([h.send(installationUpdate(h.url, h.who("coord"))), h.send(personalMessage(h.url, h.who("coord"), "saker"))]);
    const cards = cardsTo("coord");
    const drafts = cards.filter(isRecordCard).map((c) => (cardText(c).match(/TO-\d{4}-\d{3}/) ?? [])[0]);
    expect(drafts).toEqual([STAVANGER, INNLANDET]);
    expect(cards.filter((c) => /Velkommen til Komitébot/.test(cardText(c)))).toHaveLength(1);
    // Opening the chat again shows nothing twice.
    await say("coord", "saker");
    expect(cardsTo("coord").filter(isRecordCard)).toHaveLength(2);
    expect(await h.svc.notices.waiting("coord")).toEqual([]);
  });

  it("keeps a receipt for the applying HF's fagdirektør until they open the chat", async () => {
    await h.send(personalMessage(h.url, h.who("coord"), "ny sak"));
    const FORM = {
      methodName: "Metode for kvittering",
      nyeMetoderId: "ID2024_101",
      beslutningsforumDate: "2025-03-12",
      applyingHfId: "helse-fonna",
      ground_higherSeverity: "true",
      reasoning_higherSeverity: "Vesentlig yngre pasient enn gruppen i metodevurderingen.",
      receivedDate: today.toISODate()!,
    };
    await click("coord", "registerCase", FORM);
    const created = (await h.svc.cases.all()).find((c) => c.method.name === FORM.methodName)!;
    expect(cardsTo("dir-fonna")).toHaveLength(0);
    await say("dir-fonna", "hei");
    expect(
      cardsTo("dir-fonna")
        .map((c) => cardText(c))
        .join("\n"),
    ).toContain(`Søknad mottatt – sak ${created.code}`);
  });
});

describe("«sakliste» in a 1:1 chat: the cases waiting for this person", () => {
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger", "m-vest-2", "chair"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  const sakliste = async (id: string, locale?: string) => {
    await say(id, "sakliste", locale);
    return cardsTo(id).at(-1);
  };

  it("shows a member the cases on the coming agendas, with their own recusal marked", async () => {
    const card = await sakliste("m-vest-2");
    const text = cardText(card);
    for (const c of [FONNA, INNLANDET, STAVANGER]) expect(text).toContain(c);
    const lines = text.split("\n");
    const fonna = lines.indexOf(FONNA);
    expect(lines.slice(fonna, fonna + 5).join(" ")).toMatch(/Du er inhabil i denne saken: Saken gjelder eget helseforetak/);
    expect(text.match(/Du er inhabil i denne saken/g)).toHaveLength(1);
    expect(executeActions(card)).toEqual([]);
  });

  it("shows the chair the next meeting's agenda, and in the meeting chat «sakliste» stays the meeting's agenda card", async () => {
    const card = await sakliste("chair");
    expect(cardText(card)).toMatch(/Møte \d/);
    for (const c of [FONNA, INNLANDET, STAVANGER]) expect(cardText(card)).toContain(c);
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    meetingOpen = true;
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "sakliste"));
    const shared = h.connector
      .sent(MEETING_CHAT)
      .flatMap((a) => a.attachments ?? [])
      .at(-1)?.content;
    expect(shared?.refresh?.action?.verb).toBe("refreshAgenda");
  });

  it("shows the coordinator the cases that need them, each with what they need", async () => {
    expect(cardText(await sakliste("coord"))).toMatch(/Ingen saker venter på deg nå/);
    await h.send(
      participantJoin(
        h.url,
        FOUR.map((id) => h.who(id)),
      ),
    );
    await decide(STAVANGER);
    const card = await sakliste("coord");
    expect(cardText(card)).toContain(STAVANGER);
    expect(cardText(card)).toMatch(/utkastet til avgjørelse venter på bekreftelse/);
    expect(executeActions(card).map((a) => [a.verb, a.data])).toEqual([["openCase", { caseId: STAVANGER }]]);
    await confirm(STAVANGER);
    expect(cardText(await sakliste("coord"))).toMatch(/bekreftet, men ikke sendt til HF/);
  });

  it("shows the applying HF's fagdirektør the decisions waiting for their «Mottatt», and none once pressed", async () => {
    expect(cardText(await sakliste("dir-stavanger"))).toMatch(/Ingen avgjørelser venter på deg/);
    const record = (await latestRecord(h.svc, STAVANGER))!;
    await click("coord", "routeRecord", { caseId: STAVANGER, recordId: record.id, from: "record" }, "card-1");
    const waiting = await sakliste("dir-stavanger");
    expect(cardText(waiting)).toContain(STAVANGER);
    expect(cardText(waiting)).toMatch(/Trykk «Mottatt»/);
    await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER, recordId: record.id }, { personal: true }));
    expect(cardText(await sakliste("dir-stavanger"))).toMatch(/Ingen avgjørelser venter på deg/);
    expect(cardText(await sakliste("coord"))).not.toContain(STAVANGER);
  });

  it("answers in the person's language", async () => {
    expect(cardText(await sakliste("m-vest-2", "en-US"))).toMatch(/Cases waiting for you[\s\S]*You are recused in this case/);
  });
});

describe("help that fits the person", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  const welcome = (id: string) => cardsTo(id).find((c) => /Velkommen til Komitébot|Welcome to Komitébot/.test(cardText(c)));

  it("welcomes each person in a new 1:1 chat with what they can do there", async () => {
    for (const id of ["dir-stavanger", "m-sorost-1", "coord", "chair"]) await h.send(installationUpdate(h.url, h.who(id)));
    const director = cardText(welcome("dir-stavanger"));
    expect(director).toMatch(/Mottatt/);
    expect(director).toMatch(/sakliste/);
    expect(director).not.toMatch(/[Ss]jekk inn|standpunkt/);
    const member = cardText(welcome("m-sorost-1"));
    expect(member).toMatch(/saksunderlag/);
    expect(member).toMatch(/standpunkt/);
    expect(member).toMatch(/Meld inhabilitet/);
    expect(member).toMatch(/fagdirektør i Oslo universitetssykehus HF/); // a member who is their HF's fagdirektør learns of «Mottatt» too
    const coordinator = cardText(welcome("coord"));
    for (const w of [/«ny sak»/, /«send papirer»/, /utkastet/, /«pdf TO-ÅÅÅÅ-NNN»/]) expect(coordinator).toMatch(w);
    expect(cardText(welcome("chair"))).toMatch(/Leder avgir ikke standpunkt/);
  });

  it("tells someone not on the roster that they are not on it, and whom to contact", async () => {
    const stranger = { aadObjectId: "5b0f3c7e-1d2a-4e6f-9a8b-7c6d5e4f3a2b", name: "Ukjent Person" };
    await h.send(installationUpdate(h.url, stranger));
    const card = h.connector.sent(`a:1on1-${stranger.aadObjectId}`).flatMap((a) => a.attachments ?? [])[0]?.content;
    expect(cardText(card)).toMatch(/står ikke på komiteens medlemsliste/);
    expect(cardText(card)).toContain("Maren Ødegård Lie");
  });

  it("welcomes on the first message when the install went unseen, once even for two messages at once", async () => {
    await Promise.all([say("m-midt-1", "saker"), say("m-midt-1", "sakliste")]);
    expect(cardsTo("m-midt-1").filter((c) => /Velkommen til Komitébot/.test(cardText(c)))).toHaveLength(1);
    await say("m-midt-1", "sakliste");
    expect(cardsTo("m-midt-1").filter((c) => /Velkommen til Komitébot/.test(cardText(c)))).toHaveLength(1);
  });

  it("answers «hjelp» with a card for the person's role, in a 1:1 chat and in the meeting chat", async () => {
    await say("dir-stavanger", "hjelp");
    const last = sentTo("dir-stavanger").at(-1);
    expect(last.text ?? "").toBe("");
    expect(cardText(last.attachments[0].content)).toMatch(/Slik bruker du Komitébot[\s\S]*Mottatt/);
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    h.connector.reset();
    await h.send(meetingMessage(h.url, h.who("chair"), "hjelp"));
    const help = h.connector
      .sent(MEETING_CHAT)
      .flatMap((a) => a.attachments ?? [])
      .at(-1)?.content;
    expect(cardText(help)).toMatch(/«neste sak»/);
  });

  it("says an unknown command was not understood and suggests the closest words this person may use, in their language", async () => {
    await say("m-sorost-1", "saklste");
    expect(textsTo("m-sorost-1").at(-1)).toBe("Det forstod jeg ikke. Mente du «sakliste»? Skriv «hjelp» for å se hva du kan gjøre her.");
    // «ny sak» is the coordinator's: not suggested to a member.
    await say("m-sorost-1", "ny sk");
    expect(textsTo("m-sorost-1").at(-1)).not.toMatch(/ny sak/);
    await say("coord", "ny sk");
    expect(textsTo("coord").at(-1)).toMatch(/«ny sak»/);
    await say("coord", "rapprt csv");
    expect(textsTo("coord").at(-1)).toMatch(/«rapport csv»/);
    await say("m-sorost-1", "agnda", "en-US");
    expect(textsTo("m-sorost-1").at(-1)).toBe("I did not understand that. Did you mean “agenda”? Type “help” to see what you can do here.");
    await say("m-sorost-1", "hvordan går det");
    expect(textsTo("m-sorost-1").at(-1)).toBe("Det forstod jeg ikke. Skriv «hjelp» for å se hva du kan gjøre her.");
  });
});

describe("intake checks its formats, and the coordinator's cards read well", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
  });
  afterAll(async () => h.stop());

  const FORM = {
    methodName: "Atezolizumab ved hepatocellulært karsinom",
    nyeMetoderId: "ID2023_045",
    beslutningsforumDate: "2025-03-12",
    applyingHfId: "helse-stavanger",
    ground_increasedBenefit: "true",
    reasoning_increasedBenefit: "Publisert studie viser vesentlig bedre respons i en undergruppe.",
    priorityBenefit: "Forventet gevinst i levetid 1–2 år.",
    prioritySeverity: "Alvorlig, livstruende sykdom.",
    priorityResourceUse: "Om lag 1,2 mill. kr per år.",
    treatmentCost: "1234567",
    attachments: "Søknadsskjema | DOK-2026-0412",
    approvedByFagdirektor: "true",
    receivedDate: today.toISODate()!,
    // What the source requires of an application (issue 13).
    req_patientConsent: "true",
    req_sentByTreatingHfOrRegionalHospital: "true",
    req_priceCheckedBySykehusinnkjop: "true",
  };

  /** The error text shown right after the input with this id (within two elements), if any. */
  function errorAfter(card: any, id: string): string {
    let found = "";
    JSON.stringify(card, (_k, v) => {
      if (Array.isArray(v)) {
        const i = v.findIndex((x) => x && typeof x === "object" && x.id === id);
        if (i >= 0)
          found = v
            .slice(i + 1, i + 3)
            .filter((x) => x?.type === "TextBlock" && x.color === "Attention")
            .map((x) => String(x.text).replace(/\\([\\*_[\]`])/g, "$1"))
            .join(" ");
      }
      return v;
    });
    return found;
  }

  it("puts a fødselsnummer's message on the field that holds it, for every text field, and stores nothing", async () => {
    const before = await storeSnapshot(h.store, ["cases", "audit"]);
    const FNR = "15057543288";
    for (const [field, value] of [
      ["reasoning_increasedBenefit", `Pasient ${FNR} har respons på behandlingen.`],
      ["priorityResourceUse", `Gjelder ${FNR}`],
      ["methodName", `Metode ${FNR}`],
      ["attachments", `Epikrise | arkiv/${FNR}`],
      ["costNote", `Pasient ${FNR}`],
    ] as const) {
      const card = invokeCard(await click("coord", "registerCase", { ...FORM, [field]: value }));
      expect(errorAfter(card, field), field).toMatch(/fødselsnummer/);
      expect(JSON.stringify(card.body[1]), `${field} not in the banner`).not.toMatch(/fødselsnummer/);
    }
    expect(await storeSnapshot(h.store, ["cases", "audit"])).toEqual(before);
  });

  it("refuses a Nye metoder id that is not ID, a year, _ and three digits, next to its field", async () => {
    const card = invokeCard(await click("coord", "registerCase", { ...FORM, nyeMetoderId: "ID23-45" }));
    expect(errorAfter(card, "nyeMetoderId")).toMatch(/ID2023_045/);
    const ok = invokeCard(await click("coord", "registerCase", FORM));
    expect(executeActions(ok).map((a) => a.verb)).toContain("markReady");
  });

  it("lays the coordinator's labels out to wrap at spaces, and writes dates one way on each card", async () => {
    const c = (await h.svc.cases.all()).find((x) => x.method.name === FORM.methodName)!;
    await say("coord", `sak ${c.code}`);
    await say("coord", "saker");
    await say("coord", "rapport");
    const cards = cardsTo("coord");
    expect(cards.length).toBeGreaterThan(3);
    for (const card of cards) {
      expect(JSON.stringify(card)).not.toContain('"FactSet"');
      const text = cardText(card);
      expect(text, "no ISO dates beside formatted ones").not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    }
  });
});
