/**
 * Group-level proposals (issue 15; 000 §6.4), through the whole app over
 * HTTP: a grant on økt nytte prompts the coordinator on the record card; the
 * proposal card holds the text (which subgroup, which marker) and a status
 * that moves forward only; a proposal still to be sent after the configured
 * working days reminds the coordinator once; the register counts them by
 * status. Bad input is refused in words and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAction, installationUpdate } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { testToday } from "../support/clock.js";
import { earlierRecord } from "../support/earlier-records.js";
import { storeSnapshot } from "../support/snapshot.js";
import { addWorkingDays } from "../../src/domain/calendar.js";
import { buildReport } from "../../src/app/coordinator/report.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { recordView } from "../../src/teams/coordinator/views.js";

const Y = testToday.year;
const BENEFIT = `TO-${Y}-060`; // granted, økt nytte found met
const SEVERITY = `TO-${Y}-061`; // granted on høyere alvorlighet only
const REJECTED = `TO-${Y}-062`;
const TODAY = testToday.toISODate()!;
const STATE = ["records", "cases", "audit"] as const;

let h: BotHarness;
const coord = () => h.who("coord");
const click = (verb: string, data: Record<string, unknown>, who = coord()) => h.send(cardAction(h.url, who, verb, data, { personal: true }));
const said = (r: Awaited<ReturnType<typeof click>>) => invokeMessage(r) ?? cardText(invokeCard(r));
const reminders = async () => {
  const r = await h.host.timers.run("proposalReminders");
  if (!r.ran) throw new Error("the lease was held elsewhere");
  return r.value;
};

beforeAll(async () => {
  h = await BotHarness.start();
  await h.send(installationUpdate(h.url, coord()));
  const common = { nyeMetoderId: "ID2024_011", meetingDate: TODAY, hfId: "helse-bergen" } as const;
  await h.svc.records.add(
    earlierRecord(h.roster, { ...common, code: BENEFIT, outcome: "granted", findings: { increasedBenefit: "met", higherSeverity: "notMet" } }),
  );
  await h.svc.records.add(earlierRecord(h.roster, { ...common, code: SEVERITY, outcome: "granted", findings: { higherSeverity: "met" } }));
  await h.svc.records.add(earlierRecord(h.roster, { ...common, code: REJECTED, outcome: "rejected", findings: { increasedBenefit: "notMet" } }));
});
afterAll(() => h.stop());

describe("group-level proposals", () => {
  it("prompts on the record card of a grant on økt nytte, and not after a grant on another ground or a rejection", async () => {
    const card = async (code: string) => renderRecordCard(recordView(h.roster, (await h.svc.records.get(code, `${code}-v1`))!, undefined, "nb"));
    const benefit = await card(BENEFIT);
    expect(cardText(benefit)).toContain("Innvilget på økt nytte: vurder å foreslå for Nye metoder en metodevurdering for en undergruppe");
    expect(executeActions(benefit).find((a) => a.verb === "openProposal")?.data).toEqual({ caseId: BENEFIT });
    for (const code of [SEVERITY, REJECTED]) expect(executeActions(await card(code)).some((a) => a.verb === "openProposal")).toBe(false);
  });

  it("opens the proposal card with the text to write and nothing saved yet", async () => {
    const card = invokeCard(await click("openProposal", { caseId: BENEFIT }));
    expect(cardText(card)).toContain(`Forslag om vurdering på gruppenivå – sak ${BENEFIT}`);
    expect(JSON.stringify(card)).toContain('"id":"proposalText"');
    expect(JSON.stringify(card)).not.toContain('"id":"proposalStatus"');
    expect(await h.svc.records.proposal(BENEFIT)).toBeUndefined();
  });

  it.each([
    ["an empty text", BENEFIT, { proposalText: "   " }, "Skriv forslaget: hvilken undergruppe og hvilken markør."],
    ["a national id in the text", BENEFIT, { proposalText: "Som pasient 15057543288" }, "fødselsnummer"],
    ["markup in the text", BENEFIT, { proposalText: "<b>voksne</b>" }, "Forslaget"],
    ["a status the card does not offer", BENEFIT, { proposalText: "Voksne med SMA type 3", proposalStatus: "approved" }, "Status"],
    ["a proposal on a rejected case", REJECTED, { proposalText: "Voksne med SMA type 3" }, "Et forslag på gruppenivå hører til en innvilget sak."],
  ])("refuses %s in words, and changes nothing", async (_label, caseId, data, words) => {
    const before = await storeSnapshot(h.store, STATE);
    expect(said(await click("saveProposal", { caseId, ...data }))).toContain(words);
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("refuses anyone but the coordinator, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, STATE);
    const r = await click("saveProposal", { caseId: BENEFIT, proposalText: "Voksne med SMA type 3" }, h.who("m-sorost-1"));
    expect(invokeCard(r)).toBeFalsy();
    expect(invokeMessage(r)).toMatch(/koordinator/i);
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("makes the proposal with its text, to be sent, and audits its status only", async () => {
    const card = invokeCard(await click("saveProposal", { caseId: BENEFIT, proposalText: "Voksne med SMA type 3 og SMN2-kopitall ≥ 4" }));
    expect(cardText(card)).toContain("✓ Lagret.");
    expect(JSON.stringify(card)).toContain('"id":"proposalStatus"');
    expect(await h.svc.records.proposal(BENEFIT)).toMatchObject({
      caseCode: BENEFIT,
      status: "toSend",
      text: "Voksne med SMA type 3 og SMN2-kopitall ≥ 4",
      createdBy: "coord",
    });
    const audit = (await h.svc.audit.list(BENEFIT)).filter((e) => e.action.startsWith("proposal."));
    expect(audit.map((e) => [e.action, e.summary.after])).toEqual([["proposal.made", "toSend"]]);
    expect(JSON.stringify(audit)).not.toContain("SMN2");
  });

  it("moves the status forward on the card, and refuses to move it back", async () => {
    expect(cardText(invokeCard(await click("saveProposal", { caseId: BENEFIT, proposalStatus: "sentToNyeMetoder" })))).toContain("Sendt til Nye metoder");
    expect((await h.svc.records.proposal(BENEFIT))?.status).toBe("sentToNyeMetoder");
    const before = await storeSnapshot(h.store, STATE);
    expect(said(await click("saveProposal", { caseId: BENEFIT, proposalStatus: "toSend" }))).toContain("Statusen kan bare flyttes fremover.");
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("reminds the coordinator once of a proposal still to be sent after the configured working days", async () => {
    // A proposal after the grant on høyere alvorlighet too: the coordinator may make one on any grant.
    expect(invokeCard(await click("saveProposal", { caseId: SEVERITY, proposalText: "Barn under 2 år med tidlig debut" }))).toBeTruthy();
    const days = h.host.env.PROPOSAL_REMINDER_WORKING_DAYS;
    h.connector.reset();
    h.clock.set(`${addWorkingDays(TODAY, days - 1)}T12:00:00`);
    expect(await reminders()).toEqual({ reminded: [] });
    h.clock.set(`${addWorkingDays(TODAY, days)}T12:00:00`);
    const [a, b] = await Promise.all([h.host.timers.run("proposalReminders"), h.host.timers.run("proposalReminders")]);
    expect([a, b].flatMap((r) => (r.ran ? r.value.reminded : []))).toEqual([SEVERITY]);
    expect(await reminders()).toEqual({ reminded: [] });
    const cards = h.connector
      .sent(`a:1on1-${coord().aadObjectId}`)
      .flatMap((x) => x.attachments ?? [])
      .map((x: any) => x.content);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain("Påminnelse: forslaget ble laget");
    expect(cardText(cards[0])).toContain(SEVERITY);
  });

  it("is counted by status in the register", async () => {
    expect(invokeCard(await click("saveProposal", { caseId: BENEFIT, proposalStatus: "answered" }))).toBeTruthy();
    const report = await buildReport(h.svc, h.roster, { quorumMinimum: 4 });
    expect(report.proposalsByStatus).toEqual({ toSend: 1, sentToNyeMetoder: 0, answered: 1 });
    const year = await buildReport(h.svc, h.roster, { quorumMinimum: 4, from: `${Y - 1}-01-01`, to: `${Y - 1}-12-31` });
    expect(year.proposalsByStatus).toEqual({ toSend: 0, sentToNyeMetoder: 0, answered: 0 });
  });
});
