/**
 * Regressions for what a code review found: who may open the coordinator's
 * cards, what an expert sees, double sends, stale or premature conclusions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { GRANT_FINDINGS } from "../support/record-findings.js";
import { chairApproves } from "../support/record-findings.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const STAVANGER = `TO-${Y}-003`; // confidential price 45 000
const INNLANDET = `TO-${Y}-002`;

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;

describe("after a decision record exists", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
      ),
    );
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: STAVANGER, position: "grant" }));
    }
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: STAVANGER }));
  });
  afterAll(async () => h.stop());

  it("opens the coordinator's cards to the coordinator only", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    for (const who of ["dir-innlandet", "expert-1", "m-sorost-1", "chair"]) {
      for (const [verb, data] of [
        ["openCase", { caseId: STAVANGER }],
        ["saveRecord", { caseId: STAVANGER, recordId: record.id, reasoning: "x".repeat(30) }],
        ["routeRecord", { caseId: STAVANGER, recordId: record.id }],
      ] as const) {
        const r = await h.send(cardAction(h.url, h.who(who), verb, data, { personal: true }));
        expect(invokeCard(r), `${verb} as ${who}`).toBeUndefined();
        expect(invokeMessage(r)).toMatch(/koordinator/i);
      }
    }
    expect((await latestRecord(h.svc, STAVANGER))?.reasoning).toBe(record.reasoning);
  });

  it("shows an external expert the case without confidential figures", async () => {
    const card = invokeCard(await h.send(cardAction(h.url, h.who("expert-1"), "refreshCase", { meetingId: MEETING, caseId: STAVANGER })));
    expect(cardText(card)).toContain(STAVANGER);
    expect(cardText(card)).not.toMatch(/45\s?000|1\s?170\s?000/);
  });

  it("sends a decision to the HF once, however often «Send til HF» is pressed", async () => {
    const record = (await latestRecord(h.svc, STAVANGER))!;
    await h.send(
      cardAction(
        h.url,
        h.who("coord"),
        "confirmRecord",
        { caseId: STAVANGER, recordId: record.id, reasoning: "Pasienten er klinisk eksepsjonell; kriteriene er trolig oppfylt.", ...GRANT_FINDINGS },
        { personal: true },
      ),
    );
    await chairApproves(h, STAVANGER, record.id);
    h.connector.reset();
    const click = () => cardAction(h.url, h.who("coord"), "routeRecord", { caseId: STAVANGER, recordId: record.id }, { personal: true });
    await Promise.all([h.send(click()), h.send(click()), h.send(click())]);
    expect(h.connector.sent(oneOnOne("dir-stavanger"))).toHaveLength(1);
    expect((await h.svc.audit.list(STAVANGER)).filter((a) => a.action === "record.routed")).toHaveLength(1);
  });

  it("takes the acknowledgement on the latest routed version only", async () => {
    const v1 = (await latestRecord(h.svc, STAVANGER))!;
    const coord = (verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, h.who("coord"), verb, data, { personal: true }));
    await coord("correctRecord", { caseId: STAVANGER, recordId: v1.id, correctionReason: "Presisering" });
    const v2 = (await latestRecord(h.svc, STAVANGER))!;
    await coord("confirmRecord", { caseId: STAVANGER, recordId: v2.id, reasoning: v1.reasoning, ...GRANT_FINDINGS });
    await chairApproves(h, STAVANGER, v2.id);
    await coord("routeRecord", { caseId: STAVANGER, recordId: v2.id });
    const old = await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER, recordId: v1.id }, { personal: true }));
    expect(invokeMessage(old)).toContain(v2.id);
    const ack = await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER, recordId: v2.id }, { personal: true }));
    expect(invokeCard(ack)).toBeTruthy();
  });
});

describe("conclusions only where they belong", () => {
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

  it("refuses to conclude or defer a case the chair has not taken up", async () => {
    const defer = await h.send(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: INNLANDET, deferReason: "Mangler uttalelse" }));
    expect(invokeMessage(defer)).toMatch(/ikke tatt opp/);
    expect((await h.svc.cases.byCode(INNLANDET))?.status).toBe("onAgenda");
    expect((await h.svc.meetings.load(MEETING))?.conclusions).toHaveLength(0);
  });

  it("lets the chair return to an open case, and a retried «Ta opp» is not an error", async () => {
    const first = cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: INNLANDET });
    expect(invokeCard(await h.send(first))).toBeTruthy();
    expect(invokeCard(await h.send(first))).toBeTruthy();
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER }));
    expect(invokeCard(await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: INNLANDET })))).toBeTruthy();
    expect((await h.svc.meetings.load(MEETING))?.meeting.currentCaseId).toBe(INNLANDET);
  });

  it("ignores a stale «Konkluder» from the meeting where the case was deferred once it is in another meeting", async () => {
    await h.send(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: INNLANDET, deferReason: "Trenger mer dokumentasjon" }));
    expect((await h.svc.cases.byCode(INNLANDET))?.status).toBe("deferred");
    // The coordinator plans it into a later meeting, where the chair takes it up.
    await h.send(installationUpdate(h.url, h.who("coord")));
    const later = today.plus({ days: 14 }).toISODate()!;
    await h.send(personalMessage(h.url, h.who("coord"), `sett opp ${INNLANDET} M-${later}`));
    expect((await h.svc.cases.byCode(INNLANDET))?.meetingId).toBe(`M-${later}`);
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: `M-${later}`, caseId: INNLANDET }));
    expect((await h.svc.cases.byCode(INNLANDET))?.status).toBe("inMeeting");
    // A click on the old card of the first meeting.
    const stale = await h.send(cardAction(h.url, h.who("chair"), "defer", { meetingId: MEETING, caseId: INNLANDET, deferReason: "Gammelt kort" }));
    expect(invokeMessage(stale)).toBeTruthy();
    expect((await h.svc.cases.byCode(INNLANDET))?.status).toBe("inMeeting");
  });
});
