/**
 * Issue 14, the members' comment window (RECORD_COMMENT_WINDOW_HOURS): when on,
 * the members who took part get a 1:1 card to comment once on a confirmed
 * record, and the chair's approval waits until the window closed or all have
 * commented. Off (the default), the sign-off is as before. Over HTTP.
 */
import { afterEach, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";
import { GRANT_FINDINGS } from "../support/record-findings.js";
import { latestRecord } from "../../src/app/coordinator/records.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const STAVANGER = `TO-${today.year}-003`;
const FOUR = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const REASONING = "Komiteen finner at pasienten er klinisk eksepsjonell og at prioriteringskriteriene trolig er oppfylt.";

let h: BotHarness;
const cardsTo = (id: string) => h.cardsTo(id);
const click = (id: string, verb: string, data: Record<string, unknown>) => h.post(cardAction(h.url, h.who(id), verb, data, { personal: true }));

/** A grant concluded in the meeting and its record confirmed by the coordinator. */
async function confirmedRecord(env: Record<string, string> = {}) {
  h = await BotHarness.start({ env });
  for (const id of ["coord", "chair", ...FOUR]) await h.post(installationUpdate(h.url, h.who(id)));
  await h.post(botAddedToMeeting(h.url, h.who("chair")));
  await h.post(
    participantJoin(
      h.url,
      FOUR.map((id) => h.who(id)),
    ),
  );
  await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER }));
  for (const m of FOUR) await h.post(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: STAVANGER, position: "grant" }));
  await h.post(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: STAVANGER }));
  const draft = (await latestRecord(h.svc, STAVANGER))!;
  await click("coord", "confirmRecord", { caseId: STAVANGER, recordId: draft.id, reasoning: REASONING, ...GRANT_FINDINGS });
  const record = (await latestRecord(h.svc, STAVANGER))!;
  expect(record.status).toBe("confirmed");
  return record;
}

describe("the members' comment window", () => {
  afterEach(async () => h?.stop());

  it("is off by default: no member is asked, and the chair approves at once as before", async () => {
    const record = await confirmedRecord();
    for (const m of FOUR) expect(cardsTo(m).some((c) => executeActions(c).some((a) => a.verb === "commentRecord"))).toBe(false);
    const chairCard = cardsTo("chair").at(-1);
    expect(cardText(chairCard)).not.toContain("Kommentarfristen");
    await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id });
    expect((await latestRecord(h.svc, STAVANGER))?.approvedAt).toBeTruthy();
    // A member cannot comment when the window is off.
    expect(invokeMessage(await click("m-midt-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "Enig" }))).toContain(
      "Fristen for å kommentere avgjørelsen er ute",
    );
  });

  it("asks each member who took part, refuses the approval while the window is open, and shows the comments to the chair", async () => {
    const record = await confirmedRecord({ RECORD_COMMENT_WINDOW_HOURS: "24" });
    for (const m of FOUR) {
      const card = cardsTo(m).find((c) => executeActions(c).some((a) => a.verb === "commentRecord"));
      expect(cardText(card)).toContain(`Avgjørelsen i sak ${STAVANGER}: kommentar før leders godkjenning`);
    }
    expect(cardsTo("m-nord-1").length).toBe(0); // did not take part

    // The chair must wait: the refusal says until when, and nothing changes.
    const before = await storeSnapshot(h.store, ["records", "cases"]);
    const refused = invokeMessage(await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id }));
    expect(refused).toMatch(/Medlemmene kan kommentere avgjørelsen til \d+\. \w+ \d{4} \d{2}:\d{2}, og 4 medlemmer har ikke kommentert ennå/);
    expect(await storeSnapshot(h.store, ["records", "cases"])).toEqual(before);

    // Bad input and the wrong people are refused, changing nothing.
    expect(invokeMessage(await click("m-midt-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "fnr 15057543288" }))).toMatch(
      /fødselsnummer/i,
    );
    expect(invokeMessage(await click("m-nord-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "Hei" }))).toBe(
      "Bare medlemmene som deltok i avgjørelsen, kan kommentere den.",
    );
    expect(await storeSnapshot(h.store, ["records", "cases"])).toEqual(before);

    // Each comments once; the chair's card shows the comments.
    expect(invokeMessage(await click("m-midt-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "Enig i begrunnelsen." }))).toBe(
      "Takk. Kommentaren din er sendt til leder.",
    );
    expect(invokeMessage(await click("m-midt-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "En gang til" }))).toBe(
      "Du har allerede kommentert denne versjonen av avgjørelsen.",
    );
    const chairCard = cardsTo("chair").at(-1);
    expect(cardText(chairCard)).toContain("Medlemmenes kommentarer");
    expect(cardText(chairCard)).toContain("Sigrid Nyhus Aune: Enig i begrunnelsen.");
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-2"]) await click(m, "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "" });

    // Everyone has commented: the chair approves before the window closes.
    await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id });
    expect((await latestRecord(h.svc, STAVANGER))?.approvedBy).toBe("chair");
    const audit = (await h.svc.audit.list(STAVANGER)).filter((a) => a.action === "record.commented");
    expect(audit).toHaveLength(4);
    expect(JSON.stringify(audit)).not.toContain("Enig");
  });

  it("lets the chair approve once the window has closed, and refuses a comment after it", async () => {
    const record = await confirmedRecord({ RECORD_COMMENT_WINDOW_HOURS: "2" });
    h.clock.advance({ hours: 2, minutes: 1 });
    expect(invokeMessage(await click("m-midt-1", "commentRecord", { caseId: STAVANGER, recordId: record.id, memberComment: "Sent" }))).toContain(
      "Fristen for å kommentere avgjørelsen er ute",
    );
    await click("chair", "approveRecord", { caseId: STAVANGER, recordId: record.id });
    expect((await latestRecord(h.svc, STAVANGER))?.approvedAt).toBeTruthy();
  });
});
