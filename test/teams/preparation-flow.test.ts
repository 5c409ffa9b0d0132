/**
 * Before the meeting (issue 13), driven over HTTP with the activities Teams
 * sends: the papers with *Jeg kommer* / *Jeg har forfall* and a conflict per
 * case, the substitute's invitation and answer, the quorum forecast card of
 * the chair and the coordinator updated in place, and the warning at the
 * papers deadline. Bad input on each card gets a clear message and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { DECISION_STATE, storeSnapshot } from "../support/snapshot.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA_CASE = `TO-${Y}-001`; // Helse Fonna applies: m-vest-2 is recused, s-vest-2 (Helse Førde) can stand in
const INNLANDET_CASE = `TO-${Y}-002`;

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const cardsTo = (id: string) =>
  h.connector
    .sent(oneOnOne(id))
    .flatMap((a) => a.attachments ?? [])
    .map((x: any) => x.content);
/** The forecast card as the person sees it now: the card posted, or its latest in-place update. */
const forecastOf = (id: string) => {
  const posted = h.connector.sent(oneOnOne(id)).filter((a) => (a.attachments ?? []).some((x: any) => /Prognose/.test(cardText(x.content))));
  const updates = h.connector.updates(oneOnOne(id));
  const latest = updates.at(-1)?.body?.attachments?.[0]?.content ?? posted.at(-1)?.attachments?.[0]?.content;
  // A label and its value are two runs of one line: read them as one.
  return { posted: posted.length, updates: updates.length, text: latest ? cardText(latest).replace(/: \n/g, ": ") : "" };
};
const click = (id: string, verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, h.who(id), verb, data, { personal: true }));
const nameOf = (id: string) => h.roster.people.find((p) => p.id === id)!.name;

describe("before the meeting: answers to the papers, substitutes and the quorum forecast", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "chair", "m-sorost-1", "m-vest-2", "m-nord-1", "s-sorost-1", "s-vest-2", "s-nord-1"]) {
      await h.send(installationUpdate(h.url, h.who(id)));
    }
    await h.send(personalMessage(h.url, h.who("coord"), `send papirer ${MEETING}`));
  });
  afterAll(async () => h.stop());

  it("gives each member «Jeg kommer», «Jeg har forfall» and «Meld inhabilitet» per case on the papers", () => {
    const papers = cardsTo("m-sorost-1").at(-1);
    const verbs = executeActions(papers).map((a) => a.verb);
    expect(verbs.filter((v) => v === "replyPapers")).toHaveLength(2);
    expect(verbs.filter((v) => v === "declareConflictAhead")).toHaveLength(3);
    expect(cardText(papers)).toContain("Jeg kommer");
    expect(cardText(papers)).toContain("Jeg har forfall");
    // A member already recused in a case by their HF is not offered to declare a conflict there.
    const fonna = executeActions(cardsTo("m-vest-2").at(-1)).filter((a) => a.verb === "declareConflictAhead");
    expect(fonna.map((a) => a.data.caseId)).not.toContain(FONNA_CASE);
  });

  it("asks the substitute of a member recused in a case for that case, with its papers, in a 1:1 chat", () => {
    const invitation = cardsTo("s-vest-2").at(-1);
    const text = cardText(invitation);
    expect(text).toContain(`vararepresentant for ${nameOf("m-vest-2")} i sakene nedenfor`);
    expect(text).toContain(FONNA_CASE);
    expect(text).not.toContain(INNLANDET_CASE);
    expect(executeActions(invitation).find((a) => a.verb === "replyPapers")?.data).toMatchObject({ meetingId: MEETING, from: "invitation" });
    expect(text).toContain("Jeg kan ikke");
  });

  it("shows the chair and the coordinator the forecast per case", () => {
    for (const id of ["chair", "coord"]) {
      const f = forecastOf(id);
      expect(f.posted).toBe(1);
      expect(f.text).toContain(FONNA_CASE);
      expect(f.text).toMatch(/7 forventet av minst 4: beslutningsdyktig/); // Fonna: m-vest-2 recused
      expect(f.text).toMatch(/8 forventet av minst 4/);
      expect(f.text).toContain(`Ingen stiller for: ${nameOf("m-vest-2")}`);
    }
  });

  it("takes «Jeg har forfall» with a reason, asks the member's substitute for the whole meeting, and updates the forecast in place", async () => {
    const r = await click("m-sorost-1", "replyPapers", { meetingId: MEETING, answer: "apologies", apologiesReason: "Sykdom", from: "papers" });
    expect(cardText(invokeCard(r))).toContain("Du har meldt forfall");
    const prep = await h.svc.meetings.preparation(MEETING);
    expect(prep?.replies).toEqual([expect.objectContaining({ personId: "m-sorost-1", answer: "apologies", reason: "Sykdom" })]);
    const invitation = cardText(cardsTo("s-sorost-1").at(-1));
    expect(invitation).toContain(`vararepresentant for ${nameOf("m-sorost-1")} på hele møtet`);
    expect(invitation).toContain(FONNA_CASE);
    expect(invitation).toContain(INNLANDET_CASE);
    const f = forecastOf("chair");
    expect(f.posted).toBe(1);
    expect(f.updates).toBeGreaterThanOrEqual(1);
    expect(f.text).toContain(`Forfall: ${nameOf("m-sorost-1")}`);
    expect(f.text).toContain(`Vara spurt, ikke svart: ${nameOf("s-vest-2")}, ${nameOf("s-sorost-1")}`);
    // The reason is free text: never in the audit.
    expect(JSON.stringify(await h.svc.audit.list(MEETING))).not.toContain("Sykdom");
  });

  it("asks a substitute once: a retried delivery and a second click ask nothing more", async () => {
    const before = cardsTo("s-sorost-1").length;
    const activity = cardAction(
      h.url,
      h.who("m-sorost-1"),
      "replyPapers",
      { meetingId: MEETING, answer: "apologies", apologiesReason: "Sykdom" },
      { personal: true },
    );
    await h.send(activity);
    await h.send(activity);
    expect(cardsTo("s-sorost-1")).toHaveLength(before);
  });

  it("takes the substitute's «Jeg kommer» on the invitation, and the forecast counts them in place of their member", async () => {
    const r = await click("s-sorost-1", "replyPapers", { meetingId: MEETING, answer: "coming", from: "invitation" });
    const card = cardText(invokeCard(r));
    expect(card).toContain("Du har svart: Jeg kommer");
    expect(card).toContain(`vararepresentant for ${nameOf("m-sorost-1")}`);
    const f = forecastOf("coord");
    expect(f.text).toContain(`${nameOf("s-sorost-1")} for ${nameOf("m-sorost-1")}`);
    expect(f.text).toMatch(/8 forventet av minst 4/);
  });

  it("takes a conflict declared on a case in advance, and asks the member's substitute for that case only", async () => {
    const r = await click("m-nord-1", "declareConflictAhead", {
      meetingId: MEETING,
      caseId: INNLANDET_CASE,
      item: 2,
      conflictReason_2: "Nær kollega av søkeren",
    });
    expect(invokeCard(r)).toBeDefined();
    const prep = await h.svc.meetings.preparation(MEETING);
    expect(prep?.conflicts).toContainEqual(expect.objectContaining({ personId: "m-nord-1", caseId: INNLANDET_CASE }));
    const invitation = cardText(cardsTo("s-nord-1").at(-1));
    expect(invitation).toContain(`vararepresentant for ${nameOf("m-nord-1")} i sakene nedenfor`);
    expect(invitation).toContain(INNLANDET_CASE);
    expect(invitation).not.toContain(FONNA_CASE);
    // The papers card the member clicked now marks them recused in that case.
    expect(cardText(invokeCard(r))).toMatch(/inhabil/i);
  });

  it("refuses bad input on the papers and the invitation with a clear message, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, DECISION_STATE);
    const sentBefore = h.connector.sent().length;
    const fnr = await click("m-vest-2", "replyPapers", { meetingId: MEETING, answer: "apologies", apologiesReason: "Pasient 01017000027" });
    expect(invokeMessage(fnr)).toMatch(/fødselsnummer/i);
    const empty = await click("m-vest-2", "declareConflictAhead", { meetingId: MEETING, caseId: INNLANDET_CASE, item: 2, conflictReason_2: "   " });
    expect(cardText(invokeCard(empty))).toMatch(/⚠/);
    const unknown = await click("m-vest-2", "replyPapers", { meetingId: MEETING, answer: "kanskje" });
    expect(invokeMessage(unknown)).toMatch(/Svar/);
    const chair = await click("chair", "replyPapers", { meetingId: MEETING, answer: "coming" });
    expect(invokeMessage(chair)).toMatch(/Bare medlemmer og vararepresentanter/);
    const elsewhere = await click("s-vest-2", "declareConflictAhead", { meetingId: MEETING, caseId: `TO-${Y}-999`, item: 1, conflictReason_1: "x" });
    expect(invokeCard(elsewhere) ? cardText(invokeCard(elsewhere)) : invokeMessage(elsewhere)).toMatch(/⚠|ikke/);
    await h.settle();
    expect(await storeSnapshot(h.store, DECISION_STATE)).toEqual(before);
    expect(h.connector.sent().length).toBe(sentBefore);
  });

  it("refuses an answer once the meeting has begun, and changes nothing", async () => {
    const start = h.clock.now();
    h.clock.set(today.set({ hour: 13, minute: 5 }));
    const before = await storeSnapshot(h.store, DECISION_STATE);
    const r = await click("m-vest-2", "replyPapers", { meetingId: MEETING, answer: "coming" });
    expect(cardText(invokeCard(r))).toMatch(/har startet/);
    expect(await storeSnapshot(h.store, DECISION_STATE)).toEqual(before);
    h.clock.set(start);
  });

  it("warns the coordinator once at the papers deadline of the cases below the quorum, with the substitutes who would fix it", async () => {
    // Four more members send apologies: TO-…-002 falls to 3 expected (m-nord-1 declared a conflict there).
    for (const id of ["m-sorost-2", "m-vest-1", "m-midt-1", "m-midt-2"]) {
      await h.send(cardAction(h.url, h.who(id), "replyPapers", { meetingId: MEETING, answer: "apologies" }, { personal: true }));
    }
    expect(forecastOf("chair").text).toMatch(/under kravet til beslutningsdyktighet/);
    // The app's own timer may run the job too (it first runs a few seconds after start): count the warnings, not the runs.
    const warnings = () => cardsTo("coord").filter((c) => /under kravet til beslutningsdyktighet – møte/.test(cardText(c)));
    await h.host.timers.run("forecastWarnings");
    expect(warnings()).toHaveLength(1);
    const text = cardText(warnings()[0]);
    expect(text).toContain(INNLANDET_CASE);
    expect(text).toContain(nameOf("s-nord-1"));
    expect(text).toContain(nameOf("s-sorost-2"));
    await h.host.timers.run("forecastWarnings");
    expect(warnings()).toHaveLength(1);
  });
});

describe("in the meeting: who was expected and has not joined", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "m-sorost-1", "m-vest-1", "s-sorost-1"]) await h.send(installationUpdate(h.url, h.who(id)));
    await h.send(personalMessage(h.url, h.who("coord"), `send papirer ${MEETING}`));
    await click("m-vest-1", "replyPapers", { meetingId: MEETING, answer: "coming" });
    await click("m-sorost-1", "replyPapers", { meetingId: MEETING, answer: "apologies" });
    await click("s-sorost-1", "replyPapers", { meetingId: MEETING, answer: "coming", from: "invitation" });
  });
  afterAll(async () => h.stop());

  it("names on the attendance card those who said they come, or a substitute who accepted, until they join", async () => {
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(participantJoin(h.url, [h.who("m-vest-1")]));
    const card = (r: Awaited<ReturnType<BotHarness["send"]>>) => cardText(invokeCard(r)).replace(/: \n/g, ": ");
    const before = card(await h.send(cardAction(h.url, h.who("chair"), "refreshAttendance", { meetingId: MEETING })));
    expect(before).toContain(`Ventet, men ikke kommet: ${nameOf("s-sorost-1")}`);
    expect(before).not.toContain(`kommet: ${nameOf("m-vest-1")}`);
    expect(before).not.toContain(nameOf("m-sorost-1") + ",");
    await h.send(participantJoin(h.url, [h.who("s-sorost-1")]));
    const after = card(await h.send(cardAction(h.url, h.who("chair"), "refreshAttendance", { meetingId: MEETING })));
    expect(after).not.toContain("Ventet, men ikke kommet");
  });
});
