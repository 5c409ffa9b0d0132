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
