/**
 * Issue 14, the chain to the patient: every decision recipient of the
 * applying HF gets the decision and any of them acknowledges it — driven
 * over HTTP with the activities Teams sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { formatDate } from "../../src/i18n/index.js";
import { chairApproves, findingsFor } from "../support/record-findings.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA = `TO-${Y}-001`; // Helse Fonna: fagdirektør dir-fonna, assisterende fagdirektør dep-fonna
const FOUR = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const REASONING = "Komiteen finner at pasienten er klinisk eksepsjonell og at prioriteringskriteriene trolig er oppfylt.";

let h: BotHarness;
const oneOnOne = (id: string) => h.personalChat(id);
const cardsTo = (id: string) => h.cardsTo(id);
const click = (id: string, verb: string, data: Record<string, unknown>, replyToId?: string) =>
  h.post(cardAction(h.url, h.who(id), verb, data, { personal: true, ...(replyToId ? { replyToId } : {}) }));

async function decide(caseId: string, position: "grant" | "reject" = "grant") {
  await h.post(botAddedToMeeting(h.url, h.who("chair")));
  await h.post(
    participantJoin(
      h.url,
      FOUR.map((id) => h.who(id)),
    ),
  );
  await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId }));
  for (const m of FOUR) await h.post(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId, position }));
  await h.post(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId }));
}

async function confirmAndRoute(caseId: string) {
  const draft = (await latestRecord(h.svc, caseId))!;
  await click("coord", "confirmRecord", { caseId, recordId: draft.id, reasoning: REASONING, ...findingsFor(draft.outcome) });
  const record = (await latestRecord(h.svc, caseId))!;
  await chairApproves(h, caseId, record.id); // issue 14: the chair approves before the record is routed
  await click("coord", "routeRecord", { caseId, recordId: record.id, from: "record" }, `card-${caseId}`);
  return record;
}

describe("the decision reaches every recipient of the applying HF, and any of them acknowledges", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-fonna", "dep-fonna"]) await h.post(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("sends the decision to the fagdirektør and the assisterende fagdirektør, each with «Mottatt»", async () => {
    await decide(FONNA);
    const record = await confirmAndRoute(FONNA);
    for (const id of ["dir-fonna", "dep-fonna"]) {
      const card = cardsTo(id).find((c) => executeActions(c).some((a) => a.verb === "acknowledge"));
      expect(card, id).toBeDefined();
      expect(cardText(card)).toContain(FONNA);
      // Issue 14: the plain-language summary for the patient travels with the decision.
      expect(cardText(card)).toContain("Til pasienten – avgjørelsen forklart");
      expect(cardText(card)).toMatch(/helseforetaket ditt betaler for den/);
      expect(cardText(card)).toMatch(/Statsforvalteren etter pasient- og brukerrettighetsloven § 7-2/);
    }
    const routing = await h.svc.records.routing(FONNA, record.id);
    expect(routing).toMatchObject({ state: "sent", recipientId: "dir-fonna" });
    expect(routing?.recipients?.map((r) => [r.personId, r.ok])).toEqual([
      ["dir-fonna", true],
      ["dep-fonna", true],
    ]);
  });

  it("lets the assisterende fagdirektør acknowledge for the HF, audits who did, and shows it on the fagdirektør's card", async () => {
    const record = (await latestRecord(h.svc, FONNA))!;
    const dirCard = (await h.svc.records.routing(FONNA, record.id))?.recipients?.find((r) => r.personId === "dir-fonna");
    expect(dirCard?.activityId).toBeTruthy();
    h.connector.reset();
    const ack = await click("dep-fonna", "acknowledge", { caseId: FONNA, recordId: record.id });
    expect(executeActions(invokeCard(ack))).toHaveLength(0);
    expect(cardText(invokeCard(ack))).toContain("Sigrun Vikse Ådland");
    expect(await h.svc.records.routing(FONNA, record.id)).toMatchObject({ state: "acknowledged", acknowledgedBy: "dep-fonna" });
    expect((await h.svc.cases.byCode(FONNA))?.status).toBe("acknowledged");
    const audited = (await h.svc.audit.list(FONNA)).filter((e) => e.action === "record.acknowledged");
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor.rosterId).toBe("dep-fonna");
    // The fagdirektør's copy is updated in place: who acknowledged, no button.
    const updated = h.connector.updates(oneOnOne("dir-fonna")).filter((u) => u.activityId === dirCard?.activityId);
    const last = updated.at(-1)?.body?.attachments?.[0]?.content;
    expect(cardText(last)).toContain("Sigrun Vikse Ådland");
    expect(executeActions(last)).toHaveLength(0);
  });

  it("changes nothing when the fagdirektør presses «Mottatt» after the deputy", async () => {
    const record = (await latestRecord(h.svc, FONNA))!;
    h.connector.reset();
    const again = await click("dir-fonna", "acknowledge", { caseId: FONNA, recordId: record.id });
    expect(cardText(invokeCard(again))).toContain("Sigrun Vikse Ådland");
    expect(await h.svc.records.routing(FONNA, record.id)).toMatchObject({ acknowledgedBy: "dep-fonna" });
    expect(cardsTo("coord")).toHaveLength(0);
  });

  it("shows in «mine saker» the dates the case has reached: meeting, decided, sent to the HF and acknowledged", async () => {
    h.connector.reset();
    await h.post(personalMessage(h.url, h.who("dep-fonna"), "mine saker"));
    const text = cardText(cardsTo("dep-fonna").at(-1));
    expect(text).toContain(FONNA);
    expect(text).toContain("Mottatt av HF");
    for (const what of ["mottatt", "møte", "avgjort", "sendt til HF", "mottatt av HF"]) expect(text).toMatch(new RegExp(`${what} \\d{1,2}\\. \\w+ \\d{4}`));
  });
});

const STAVANGER = `TO-${Y}-003`; // Helse Stavanger: dir-stavanger

describe("deferrals are told to the applying HF", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger", "dir-fonna"]) await h.post(installationUpdate(h.url, h.who(id)));
    await h.post(botAddedToMeeting(h.url, h.who("chair")));
    await h.post(
      participantJoin(
        h.url,
        FOUR.map((id) => h.who(id)),
      ),
    );
  });
  afterAll(async () => h.stop());

  const deferredCards = (id: string) => cardsTo(id).filter((c) => /Saken er utsatt/.test(cardText(c)));

  it("refuses a deferral without a reason, tells nobody and changes nothing", async () => {
    await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER }));
    const before = await storeSnapshot(h.store);
    const r = await h.post(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: STAVANGER, deferReason: "  " }));
    expect(JSON.stringify(r.body)).toMatch(/begrunnelse|Begrunnelse/);
    expect(await storeSnapshot(h.store)).toEqual(before);
    expect(deferredCards("dir-stavanger")).toHaveLength(0);
  });

  it("sends the HF's fagdirektør the reason and the committee's next meeting, once even when Teams redelivers the click", async () => {
    const defer = cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: STAVANGER, deferReason: "Trenger uttalelse fra fagmiljøet" });
    await h.post(defer);
    await h.post(defer); // redelivered
    const cards = deferredCards("dir-stavanger");
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain(STAVANGER);
    expect(text).toContain("Trenger uttalelse fra fagmiljøet");
    const meetings = (await h.svc.meetings.all()).filter((m) => m.date > today.toISODate()! && !m.endedAt).sort((a, b) => a.date.localeCompare(b.date));
    const expected = meetings[0] ? formatDate("nb", meetings[0].date) : "ikke planlagt ennå";
    expect(text).toMatch(new RegExp(`Neste møte i komiteen:?\\s*\\n${expected}`));
    expect(text).not.toMatch(/M-\d{4}|deferred|helse-stavanger/);
  });

  it("keeps the notice for a recipient Teams cannot reach, and delivers it when they open the chat", async () => {
    await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA }));
    await h.post(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: FONNA, deferReason: "Mangler oppdatert prisopplysning" }));
    expect(deferredCards("dir-fonna")).toHaveLength(1);
    expect((await h.svc.notices.waiting("dep-fonna")).map((w) => w.key)).toEqual([`caseDeferred:${FONNA}:${MEETING}`]);
    await h.post(personalMessage(h.url, h.who("dep-fonna"), "hei"));
    expect(cardText(deferredCards("dep-fonna")[0])).toContain("Mangler oppdatert prisopplysning");
  });
});

describe("«mine saker»: an HF's own overview in the 1:1 chat", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => h.stop());

  const ask = async (who: { aadObjectId: string; name: string; locale?: string }, text: string) => {
    h.connector.reset();
    await h.post(installationUpdate(h.url, who));
    h.connector.reset();
    await h.post(personalMessage(h.url, who, text));
    const sent = h.connector.sent(`a:1on1-${who.aadObjectId}`);
    return sent.map((a) => (a.attachments?.[0] ? cardText(a.attachments[0].content) : String(a.text ?? ""))).join("\n");
  };

  it("gives the HF's fagdirektør their HF's cases with status and dates, and no confidential price", async () => {
    const text = await ask(h.who("dir-fonna"), "mine saker");
    expect(text).toContain("Sakene fra Helse Fonna HF");
    expect(text).toContain(FONNA);
    expect(text).toMatch(/1 sak, nyeste først/);
    expect(text).toMatch(/På saklisten|Klar for komiteen|Mottatt/);
    expect(text).toMatch(/mottatt \d{1,2}\. \w+ \d{4}/);
    expect(text).toMatch(/møte \d{1,2}\. \w+ \d{4}/);
    expect(text).not.toContain(`TO-${Y}-002`); // another HF's case
    expect(text).not.toMatch(/798|pris/i); // the confidential price
    expect(text).not.toMatch(/onAgenda|helse-fonna|dir-fonna/);
  });

  it("gives the assisterende fagdirektør the same overview, in English when they ask in English", async () => {
    const text = await ask(h.who("dep-fonna", "en-GB"), "my cases");
    expect(text).toContain("The cases from Helse Fonna HF");
    expect(text).toContain(FONNA);
    expect(text).toMatch(/1 case, newest first/);
  });

  it("marks an urgent case and withholds its confidential price", async () => {
    const text = await ask(h.who("dir-stavanger"), "mine saker");
    expect(text).toContain(`TO-${Y}-003`);
    expect(text).toContain("hastesak");
    expect(text).not.toMatch(/45[\s\u00a0.]?000/); // Stavanger's confidential price
  });

  it("answers a fagdirektør who sits on the committee with their own HF's cases (none here)", async () => {
    const member = h.roster.people.find((p) => p.role === "member" && p.isFagdirektor && p.hfId === "helse-bergen")!;
    const text = await ask(h.who(member.id), "mine saker");
    expect(text).toContain("Sakene fra Helse Bergen HF");
    expect(text).toContain("ingen saker");
  });

  it("points the coordinator to their own overview, and tells the chair it is not for them", async () => {
    expect(await ask(h.who("coord"), "mine saker")).toMatch(/Som koordinator ser du alle sakene med «saker»/);
    expect(await ask(h.who("chair"), "mine saker")).toMatch(/fagdirektøren og den som mottar avgjørelsene/);
  });

  it("gives someone not on the roster no cases at all", async () => {
    const text = await ask({ aadObjectId: "5b0f3c7e-1d2a-4e6f-9a8b-7c6d5e4f3a2b", name: "Ukjent Person" }, "mine saker");
    expect(text).not.toContain("TO-");
    expect(text).toMatch(/står ikke på komiteens medlemsliste/);
  });
});
