/**
 * Issue 14 (the record the committee stands behind): the committee's findings
 * on the priority criteria, required before a record is confirmed; what a
 * grant means. Driven through HTTP with the activities Teams sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin } from "../support/activities.js";
import { BotHarness, cardText, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { GRANT_FINDINGS, REJECTION_FINDINGS } from "../support/record-findings.js";
import { latestRecord } from "../../src/app/coordinator/records.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const INNLANDET = `TO-${Y}-002`;
const STAVANGER = `TO-${Y}-003`;
const FOUR = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const REASONING = "Komiteen finner at pasienten er klinisk eksepsjonell og at prioriteringskriteriene trolig er oppfylt.";

let h: BotHarness;
const click = (id: string, verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, h.who(id), verb, data, { personal: true }));

let meetingOpen = false;
async function decide(caseId: string, position: "grant" | "reject") {
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

describe("the record's findings on the three priority criteria", () => {
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    for (const id of ["coord", "chair", "dir-stavanger", "dir-innlandet"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("refuses to confirm a grant while a criterion is not assessed, naming it, and changes nothing", async () => {
    const draft = await decide(STAVANGER, "grant");
    expect(draft.criteria).toEqual({
      benefit: { finding: "notAssessed", comment: "" },
      severity: { finding: "notAssessed", comment: "" },
      resourceUse: { finding: "notAssessed", comment: "" },
    });
    // The draft card asks for each criterion beside the grounds.
    const asked = invokeCard(await click("coord", "saveRecord", { caseId: STAVANGER, recordId: draft.id, reasoning: REASONING }));
    const ids = JSON.stringify(asked).match(/"id":"criterion_[a-zA-Z]+"/g);
    expect(ids).toEqual(['"id":"criterion_benefit"', '"id":"criterion_severity"', '"id":"criterion_resourceUse"']);
    expect(cardText(asked)).toContain("Prioriteringskriteriene og komiteens vurdering");

    const before = await storeSnapshot(h.store, ["records", "cases"]);
    const refused = invokeCard(
      await click("coord", "confirmRecord", {
        caseId: STAVANGER,
        recordId: draft.id,
        reasoning: REASONING,
        ...GRANT_FINDINGS,
        criterion_resourceUse: "notAssessed",
      }),
    );
    expect(cardText(refused)).toContain("En innvilgelse kan ikke bekreftes før komiteen har vurdert prioriteringskriteriet ressursbruk.");
    expect(cardText(refused)).not.toContain("resourceUse");
    // The findings typed were saved on the draft (as a save does); the record stays a draft and the case where it was.
    expect((await latestRecord(h.svc, STAVANGER))?.status).toBe("draft");
    expect((await h.svc.cases.byCode(STAVANGER))?.status).toBe(before.cases.find((c: any) => c.id === STAVANGER)?.status);

    const ground = invokeCard(
      await click("coord", "confirmRecord", {
        caseId: STAVANGER,
        recordId: draft.id,
        reasoning: REASONING,
        ...GRANT_FINDINGS,
        finding_higherSeverity: "notAssessed",
      }),
    );
    expect(cardText(ground)).toContain("En innvilgelse kan ikke bekreftes før komiteen har vurdert grunnlaget Høyere alvorlighet.");
    expect((await latestRecord(h.svc, STAVANGER))?.status).toBe("draft");
  });

  it("refuses a bad finding on the card with a clear message, changing nothing", async () => {
    const draft = (await latestRecord(h.svc, STAVANGER))!;
    const before = await storeSnapshot(h.store, ["records", "cases", "audit"]);
    const bad = await click("coord", "confirmRecord", {
      caseId: STAVANGER,
      recordId: draft.id,
      reasoning: REASONING,
      ...GRANT_FINDINGS,
      criterion_benefit: "maybe",
    });
    expect(bad?.status).toBe(200);
    expect(invokeMessage(bad)).toContain("Ugyldig innhold");
    const fnr = await click("coord", "saveRecord", {
      caseId: STAVANGER,
      recordId: draft.id,
      reasoning: REASONING,
      criterionComment_severity: "Pasient 15057543288",
    });
    expect(cardText(invokeCard(fnr)) + JSON.stringify(fnr?.body)).toContain("fødselsnummer eller D-nummer");
    expect(await storeSnapshot(h.store, ["records", "cases", "audit"])).toEqual(before);
  });

  it("confirms a grant with every criterion and ground assessed, and the record says what a grant means", async () => {
    const draft = (await latestRecord(h.svc, STAVANGER))!;
    await click("coord", "confirmRecord", {
      caseId: STAVANGER,
      recordId: draft.id,
      reasoning: REASONING,
      ...GRANT_FINDINGS,
      criterionComment_resourceUse: "Ressursbruken står i rimelig forhold til nytten.",
    });
    const record = (await latestRecord(h.svc, STAVANGER))!;
    expect(record.status).toBe("confirmed");
    expect(record.criteria.resourceUse).toEqual({ finding: "met", comment: "Ressursbruken står i rimelig forhold til nytten." });
  });

  it("refuses a rejection that rests on no finding 'not met', and confirms one that does", async () => {
    const draft = await decide(INNLANDET, "reject");
    expect(draft.outcome).toBe("rejected");
    const refused = invokeCard(
      await click("coord", "confirmRecord", { caseId: INNLANDET, recordId: draft.id, reasoning: "Kriteriene er ikke oppfylt.", ...GRANT_FINDINGS }),
    );
    expect(cardText(refused)).toContain("Et avslag må bygge på minst ett prioriteringskriterium eller grunnlag som ikke er oppfylt.");
    expect((await latestRecord(h.svc, INNLANDET))?.status).toBe("draft");
    await click("coord", "confirmRecord", { caseId: INNLANDET, recordId: draft.id, reasoning: "Kriteriene er ikke oppfylt.", ...REJECTION_FINDINGS });
    expect((await latestRecord(h.svc, INNLANDET))?.status).toBe("confirmed");
  });
});

describe("members' short reasons for their positions", () => {
  const FONNA = `TO-${Y}-001`;
  const REASON = "Dokumentasjonen for økt nytte er overbevisende for denne pasienten.";
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    for (const id of ["coord", "chair", ...FOUR]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("refuses a reason with a national id with a clear message, and stores nothing", async () => {
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        FOUR.map((id) => h.who(id)),
      ),
    );
    meetingOpen = true;
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA }));
    const before = await storeSnapshot(h.store, ["meetings", "audit"]);
    const refused = await h.send(
      cardAction(h.url, h.who("m-sorost-1"), "position", { meetingId: MEETING, caseId: FONNA, position: "grant", positionReason: "Gjelder 15057543288" }),
    );
    expect(invokeMessage(refused)).toContain("fødselsnummer eller D-nummer");
    expect(await storeSnapshot(h.store, ["meetings", "audit"])).toEqual(before);
  });

  it("keeps a member's reason with their position and shows it beside the draft to the coordinator only", async () => {
    const brief = invokeCard(
      await h.send(cardAction(h.url, h.who("m-sorost-1"), "position", { meetingId: MEETING, caseId: FONNA, position: "grant", positionReason: REASON })),
    );
    // The member's own card asks for the optional reason beside the position buttons.
    expect(JSON.stringify(brief)).toContain('"id":"positionReason"');
    expect(cardText(brief)).not.toContain(REASON);
    const stored = (await h.svc.meetings.caseFacts(MEETING, FONNA))?.positions.find((p) => p.personId === "m-sorost-1");
    expect(stored).toMatchObject({ position: "grant", reason: REASON });
    for (const m of FOUR.slice(1))
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: FONNA, position: "grant", positionReason: "" }));
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA }));

    const coordConversation = `a:1on1-${h.who("coord").aadObjectId}`;
    const draftCard = h.connector
      .sent(coordConversation)
      .flatMap((a) => a.attachments ?? [])
      .map((x: any) => x.content)
      .find((c: any) => /Utkast til avgjørelse/.test(cardText(c)));
    expect(cardText(draftCard)).toContain("Medlemmenes standpunkt og begrunnelse");
    expect(cardText(draftCard)).toContain(`Astrid Fjellvang (Innvilge): ${REASON}`);
    // Nowhere else: not the shared card in the meeting chat, not a member's or the chair's chat.
    const elsewhere = h.connector.calls.filter((c) => c.conversationId !== coordConversation).map((c) => JSON.stringify(c.body ?? ""));
    expect(elsewhere.some((b) => b.includes(REASON))).toBe(false);
  });
});

describe("sign-off: the chair approves before the record is routed", () => {
  const chairChat = () => `a:1on1-${h.who("chair").aadObjectId}`;
  const coordChat = () => `a:1on1-${h.who("coord").aadObjectId}`;
  const cardsIn = (conversation: string) =>
    h.connector
      .sent(conversation)
      .flatMap((a) => a.attachments ?? [])
      .map((x: any) => x.content)
      .filter(Boolean);
  const verbsOf = (card: any): string[] => JSON.stringify(card).match(/"verb":"[a-zA-Z]+"/g) ?? [];
  beforeAll(async () => {
    meetingOpen = false;
    h = await BotHarness.start();
    for (const id of ["coord", "chair", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("asks the chair in their 1:1 chat once the coordinator confirms, and refuses to route before the approval", async () => {
    const draft = await decide(STAVANGER, "grant");
    await click("coord", "confirmRecord", { caseId: STAVANGER, recordId: draft.id, reasoning: REASONING, ...GRANT_FINDINGS });
    const ask = cardsIn(chairChat()).at(-1);
    expect(cardText(ask)).toContain(STAVANGER);
    expect(cardText(ask)).toContain("Godkjenn");
    expect(cardText(ask)).toContain("Be om endring");
    expect(verbsOf(ask)).toEqual(['"verb":"approveRecord"', '"verb":"requestRecordChange"']);
    const early = await click("coord", "routeRecord", { caseId: STAVANGER, recordId: draft.id });
    expect(invokeMessage(early)).toBe(`Avgjørelsen ${draft.id} kan ikke sendes før leder har godkjent den.`);
    expect(await h.svc.records.routing(STAVANGER, draft.id)).toBeUndefined();
  });

  it("refuses the sign-off to anyone but the chair, and a change request without a comment or with a national id, changing nothing", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    const before = await storeSnapshot(h.store, ["records", "cases", "audit"]);
    for (const who of ["coord", "m-sorost-1", "dir-stavanger"]) {
      const r = await click(who, "approveRecord", { caseId: STAVANGER, recordId: record.id });
      expect(invokeCard(r), who).toBeUndefined();
      expect(invokeMessage(r)).toMatch(/leder/i);
    }
    const empty = await click("chair", "requestRecordChange", { caseId: STAVANGER, recordId: record.id, changeComment: "" });
    expect(invokeMessage(empty)).toContain("Ugyldig innhold");
    const fnr = await click("chair", "requestRecordChange", { caseId: STAVANGER, recordId: record.id, changeComment: "Gjelder 15057543288" });
    expect(invokeMessage(fnr)).toContain("fødselsnummer eller D-nummer");
    expect(await storeSnapshot(h.store, ["records", "cases", "audit"])).toEqual(before);
  });

  it("sends the record back to the coordinator as a draft on «Be om endring», with the chair's comment", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    const COMMENT = "Begrunnelsen bør nevne ressursbruken eksplisitt.";
    const answer = await click("chair", "requestRecordChange", { caseId: STAVANGER, recordId: record.id, changeComment: COMMENT });
    expect(invokeMessage(answer)).toContain("sendt tilbake til koordinator");
    const back = (await latestRecord(h.svc, STAVANGER))!;
    expect(back).toMatchObject({ status: "draft", id: record.id, changeRequests: [{ by: "chair", comment: COMMENT }] });
    expect(back.confirmedAt).toBeUndefined();
    const told = cardsIn(coordChat()).at(-1);
    expect(cardText(told)).toContain("Leder har bedt om endring");
    expect(cardText(told)).toContain(COMMENT);
    expect(verbsOf(told)).toContain('"verb":"confirmRecord"');
    const audit = (await h.svc.audit.list(STAVANGER)).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["record.confirmed", "record.changeRequested"]));
    expect(JSON.stringify(await h.svc.audit.list(STAVANGER))).not.toContain(COMMENT);
  });

  it("routes once the chair approves the re-confirmed record, and audits each step", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    await click("coord", "confirmRecord", { caseId: STAVANGER, recordId: record.id, reasoning: `${REASONING} Ressursbruken er rimelig.`, ...GRANT_FINDINGS });
    const approved = invokeCard(await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id }));
    expect(cardText(approved)).toContain("Godkjent av leder");
    expect(verbsOf(approved)).toEqual([]);
    expect((await latestRecord(h.svc, STAVANGER))?.approvedBy).toBe("chair");
    // Pressed again: nothing new.
    const again = await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id });
    expect(invokeCard(again)).toBeTruthy();
    expect(cardText(cardsIn(coordChat()).at(-1))).toContain("Leder har godkjent avgjørelsen. Den kan nå sendes til HF.");
    await click("coord", "routeRecord", { caseId: STAVANGER, recordId: record.id });
    expect((await h.svc.records.routing(STAVANGER, record.id))?.state).toBe("sent");
    const actions = (await h.svc.audit.list(STAVANGER)).map((e) => e.action);
    expect(actions.filter((a) => a === "record.approved")).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(["record.confirmed", "record.changeRequested", "record.approved", "record.routed"]));
  });

  it("takes a correction after routing through the same sign-off as version 2", async () => {
    const v1 = (await latestRecord(h.svc, STAVANGER))!;
    await click("coord", "correctRecord", { caseId: STAVANGER, recordId: v1.id, correctionReason: "Presisering av vilkår" });
    const v2 = (await latestRecord(h.svc, STAVANGER))!;
    expect(v2).toMatchObject({ version: 2, status: "draft" });
    expect(v2.approvedAt).toBeUndefined();
    await click("coord", "confirmRecord", { caseId: STAVANGER, recordId: v2.id, reasoning: v1.reasoning, ...GRANT_FINDINGS });
    expect(cardText(cardsIn(chairChat()).at(-1))).toContain(v2.caseCode);
    const early = await click("coord", "routeRecord", { caseId: STAVANGER, recordId: v2.id });
    expect(invokeMessage(early)).toContain("kan ikke sendes før leder har godkjent den");
    await click("chair", "approveRecord", { caseId: STAVANGER, recordId: v2.id });
    await click("coord", "routeRecord", { caseId: STAVANGER, recordId: v2.id });
    expect((await h.svc.records.routing(STAVANGER, v2.id))?.state).toBe("sent");
  });
});
