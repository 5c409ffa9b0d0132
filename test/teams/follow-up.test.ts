/**
 * The follow-up of a grant (issue 15), through the whole app over HTTP: the
 * coordinator writes the structured conditions on the record card and
 * confirms; on the review date a timer sends the responsible HF's decision
 * recipient one card; unanswered, one reminder after the configured working
 * days, overdue after as many again; each once, whatever the number of runs.
 * The coordinator's «oppfølging» lists them; the HF answers with one click
 * per question; bad input on either card is refused in words and changes
 * nothing; the register counts the outcomes per method.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAction, installationUpdate, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { testToday } from "../support/clock.js";
import { earlierRecord } from "../support/earlier-records.js";
import { storeSnapshot } from "../support/snapshot.js";
import { addWorkingDays } from "../../src/domain/calendar.js";
import { buildReport } from "../../src/app/coordinator/report.js";
import { chairApproves, GRANT_FINDINGS } from "../support/record-findings.js";

const Y = testToday.year;
const CASE = `TO-${Y}-050`; // granted today at Helse Stavanger (the HF's decision recipient: dir-stavanger)
const RECORD = `${CASE}-v1`;
const METHOD = "ID2024_007";
const TODAY = testToday.toISODate()!;
const REVIEW = testToday.plus({ months: 3 }).toISODate()!;
const STATE = ["records", "cases", "audit"] as const;

let h: BotHarness;
const coord = () => h.who("coord");
const hf = () => h.who("dir-stavanger");
const asCoordinator = (verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, coord(), verb, data, { personal: true }));
const asHf = (data: Record<string, unknown>, who = hf()) => h.send(cardAction(h.url, who, "answerFollowUp", { caseId: CASE, ...data }, { personal: true }));
/** One run of the job (this instance holds its lease). */
const timers = async () => {
  const r = await h.host.timers.run("grantFollowUps");
  if (!r.ran) throw new Error("the lease was held elsewhere");
  return r;
};
const plan = {
  ...GRANT_FINDINGS, // issue 14: the card submits its findings with every save
  reasoning: "Komiteen finner økt nytte sannsynliggjort.",
  followUpStart: "Start innen fire uker etter avgjørelsen.",
  followUpStop: "Stopp ved progresjon eller uakseptable bivirkninger.",
  followUpReporting: "Status for behandlingen og effekt etter tre måneder.",
  followUpReviewDate: REVIEW,
  followUpHf: "helse-stavanger",
};
const sentTo = (who: { aadObjectId: string }) => h.connector.sent(`a:1on1-${who.aadObjectId}`);
const followUpCards = (who: { aadObjectId: string }) =>
  sentTo(who)
    .flatMap((a) => a.attachments ?? [])
    .map((x: any) => x.content)
    .filter((c: any) => executeActions(c).some((a) => a.verb === "answerFollowUp"));

beforeAll(async () => {
  h = await BotHarness.start();
  for (const who of [coord(), hf()]) await h.send(installationUpdate(h.url, who));
  // A granted draft (økt nytte found met), as the chair's conclusion and the coordinator's edits would leave it.
  await h.svc.records.add(
    earlierRecord(h.roster, {
      code: CASE,
      nyeMetoderId: METHOD,
      meetingDate: TODAY,
      outcome: "granted",
      hfId: "helse-stavanger",
      findings: { increasedBenefit: "met" },
      status: "draft",
    }),
  );
});
afterAll(() => h.stop());

describe("the structured conditions of a grant on the record card", () => {
  it("offers the follow-up's fields on a granted draft, the applying HF and a review date six months ahead by default", async () => {
    const card = invokeCard(await asCoordinator("saveRecord", { caseId: CASE, recordId: RECORD }));
    const json = JSON.stringify(card);
    for (const id of ["followUpStart", "followUpStop", "followUpReporting", "followUpReviewDate", "followUpHf"]) expect(json).toContain(`"id":"${id}"`);
    expect(json).toContain(`"value":"${testToday.plus({ months: 6 }).toISODate()}"`);
    expect(json).toContain('"value":"helse-stavanger"');
    expect(cardText(card)).toContain("Oppfølging av tilgangen");
  });

  it.each([
    [
      "a review date before the meeting",
      { followUpReviewDate: testToday.minus({ days: 1 }).toISODate() },
      "Kontrolldatoen må være etter møtet som avgjorde saken.",
    ],
    ["a national id in the stop criteria", { followUpStop: "Gjelder pasient 15057543288" }, "fødselsnummer"],
    ["an HF that is not on the roster", { followUpHf: "no-such-hf" }, "Ansvarlig helseforetak"],
    ["a review date that is not a date", { followUpReviewDate: "2027-02-31" }, "Kontrolldatoen er ikke en gyldig dato."],
  ])("refuses %s in words, and changes nothing", async (_label, bad, words) => {
    const before = await storeSnapshot(h.store, STATE);
    const r = await asCoordinator("saveRecord", { caseId: CASE, recordId: RECORD, ...plan, ...bad });
    const said = invokeMessage(r) ?? cardText(invokeCard(r));
    expect(said).toContain(words);
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("saves the plan and, on the chair's approval of the confirmed record, schedules the follow-up once", async () => {
    expect(invokeCard(await asCoordinator("saveRecord", { caseId: CASE, recordId: RECORD, ...plan }))).toBeTruthy();
    expect((await h.svc.records.get(CASE, RECORD))?.followUp).toEqual({
      startCriteria: plan.followUpStart,
      stopCriteria: plan.followUpStop,
      reporting: plan.followUpReporting,
      reviewDate: REVIEW,
      responsibleHfId: "helse-stavanger",
    });
    const confirmed = invokeCard(await asCoordinator("confirmRecord", { caseId: CASE, recordId: RECORD, ...plan }));
    expect(cardText(confirmed)).toContain("Kontrolldato");
    // Issue 14: the chair approves before the record is routed; the follow-up is scheduled then.
    expect(await h.svc.records.followUp(CASE)).toBeUndefined();
    await chairApproves(h, CASE, RECORD);
    const f = await h.svc.records.followUp(CASE);
    expect(f).toMatchObject({ caseCode: CASE, nyeMetoderId: METHOD, recordId: RECORD, plan: { reviewDate: REVIEW, responsibleHfId: "helse-stavanger" } });
    expect(f?.sentAt).toBeUndefined();
    // Confirming or approving again (a retry) schedules nothing new.
    await asCoordinator("confirmRecord", { caseId: CASE, recordId: RECORD });
    await chairApproves(h, CASE, RECORD);
    expect((await h.svc.audit.list(CASE)).filter((e) => e.action === "followUp.scheduled")).toHaveLength(1);
  });
});

describe("the follow-up cycle: due, reminded, overdue, answered", () => {
  it("sends nothing before the review date", async () => {
    h.connector.reset();
    expect((await timers()).value).toEqual({ sent: [], reminded: [], overdue: [] });
    expect(followUpCards(hf())).toHaveLength(0);
  });

  it("sends the HF's decision recipient one card on the review date, once across runs and instances", async () => {
    h.clock.set(`${REVIEW}T08:00:00`);
    h.connector.reset();
    const runs = await Promise.all([h.host.timers.run("grantFollowUps"), h.host.timers.run("grantFollowUps"), h.host.timers.run("grantFollowUps")]);
    expect(runs.flatMap((r) => (r.ran ? r.value.sent : []))).toEqual([CASE]);
    await timers();
    const cards = followUpCards(hf());
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain(`Oppfølging av innvilget tilgang – sak ${CASE}`);
    expect(text).toContain("Er behandlingen startet?");
    expect(text).toContain(plan.followUpStop);
    expect(followUpCards(coord())).toHaveLength(0);
    expect((await h.svc.records.followUp(CASE))?.sentTo).toEqual(["dir-stavanger"]);
  });

  it("lists it as due in the coordinator's overview", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, coord(), "oppfølging"));
    const card = sentTo(coord()).flatMap((a) => a.attachments ?? [])[0]?.content;
    const text = cardText(card);
    expect(text).toContain("Til kontroll, venter på svar (1)");
    expect(text).toContain(CASE);
  });

  it("reminds once after the configured working days, then marks it overdue after as many again", async () => {
    const days = h.host.env.FOLLOW_UP_REMINDER_WORKING_DAYS;
    h.connector.reset();
    h.clock.set(`${addWorkingDays(REVIEW, days - 1)}T12:00:00`);
    expect((await timers()).value).toEqual({ sent: [], reminded: [], overdue: [] });
    h.clock.set(`${addWorkingDays(REVIEW, days)}T12:00:00`);
    expect((await timers()).value).toMatchObject({ reminded: [CASE] });
    expect((await timers()).value).toEqual({ sent: [], reminded: [], overdue: [] });
    const reminders = followUpCards(hf());
    expect(reminders).toHaveLength(1);
    expect(cardText(reminders[0])).toContain("Påminnelse");
    h.clock.set(`${addWorkingDays(addWorkingDays(REVIEW, days), days)}T12:00:00`);
    expect((await timers()).value).toMatchObject({ overdue: [CASE] });
    expect((await timers()).value).toEqual({ sent: [], reminded: [], overdue: [] });
    expect(followUpCards(hf())).toHaveLength(1); // overdue is the coordinator's to see, not another card to the HF
    h.connector.reset();
    await h.send(personalMessage(h.url, coord(), "oppfølging"));
    expect(cardText(sentTo(coord()).flatMap((a) => a.attachments ?? [])[0]?.content)).toContain("Forfalt (1)");
  });

  it.each([
    ["no answer to whether it started", { started: "" }, "Svar på om behandlingen er startet."],
    ["not started, yet continuing", { started: "no", continuing: "yes" }, "Behandlingen er ikke startet: la de andre spørsmålene stå tomme."],
    ["stopped without why", { started: "yes", continuing: "no", effect: "asExpected" }, "Behandlingen er avsluttet: velg hvorfor."],
    ["continuing with a stop reason", { started: "yes", continuing: "yes", stopReason: "death", effect: "asExpected" }, "la «hvorfor avsluttet» stå tom"],
    ["no answer on the effect", { started: "yes", continuing: "yes" }, "Svar på om effekten er som forventet."],
    ["a national id in the comment", { started: "no", comment: "Pasient 15057543288 ønsket ikke" }, "fødselsnummer"],
    ["a stop reason the card does not offer", { started: "yes", continuing: "no", stopReason: "bored", effect: "asExpected" }, "Hvorfor avsluttet"],
    ["markup in the comment", { started: "no", comment: "<script>x</script>" }, "Kommentar"],
  ])("refuses %s in words, and changes nothing", async (_label, data, words) => {
    const before = await storeSnapshot(h.store, STATE);
    const r = await asHf(data);
    const said = invokeMessage(r) ?? cardText(invokeCard(r));
    expect(said).toContain(words);
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("refuses someone who is not the HF's decision recipient, naming nothing of the case, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, STATE);
    const r = await asHf({ started: "no" }, h.who("m-sorost-1"));
    expect(invokeCard(r)).toBeFalsy();
    expect(invokeMessage(r)).toContain("besvares av det ansvarlige helseforetakets mottakere");
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
  });

  it("takes the HF's answer with one submit, shows it, and refuses a second one", async () => {
    const card = invokeCard(
      await asHf({ started: "yes", continuing: "no", stopReason: "sideEffects", effect: "notAsExpected", comment: "Avsluttet etter åtte uker." }),
    );
    const text = cardText(card);
    expect(text).toContain("Besvart");
    expect(text).toContain("Hvis avsluttet: hvorfor? Bivirkninger");
    expect(executeActions(card).some((a) => a.verb === "answerFollowUp")).toBe(false);
    expect((await h.svc.records.followUp(CASE))?.answer).toMatchObject({
      started: true,
      continuing: false,
      stopReason: "sideEffects",
      effect: "notAsExpected",
      by: "dir-stavanger",
    });
    const audit = (await h.svc.audit.list(CASE)).filter((e) => e.action === "followUp.answered");
    expect(audit.map((e) => e.summary.after)).toEqual(["started stopped:sideEffects notAsExpected"]);
    expect(JSON.stringify(audit)).not.toContain("åtte uker");
    const before = await storeSnapshot(h.store, STATE);
    const again = await asHf({ started: "no" });
    expect(cardText(invokeCard(again))).toContain("Oppfølgingen av sak " + CASE + " er allerede besvart. Svaret er ikke endret.");
    expect(await storeSnapshot(h.store, STATE)).toEqual(before);
    expect((await timers()).value).toEqual({ sent: [], reminded: [], overdue: [] });
  });

  it("lists it as answered, and the register counts the outcome for the method", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, coord(), "follow-ups"));
    const text = cardText(sentTo(coord()).flatMap((a) => a.attachments ?? [])[0]?.content);
    expect(text).toContain("Besvart (1)");
    expect(text).not.toContain("åtte uker");
    const report = await buildReport(h.svc, h.roster, { quorumMinimum: 4 });
    expect(report.followUpOutcomes).toEqual([
      {
        nyeMetoderId: METHOD,
        methodName: `Metode ${METHOD}`,
        followUps: 1,
        answered: 1,
        notStarted: 0,
        continuing: 0,
        stopped: { stopCriteria: 0, sideEffects: 1, patientWish: 0, death: 0, other: 0 },
        effect: { asExpected: 0, notAsExpected: 1, tooEarly: 0 },
        overdue: 0,
      },
    ]);
    // The report card in Teams shows the same, per method, and the proposals by status.
    h.connector.reset();
    await h.send(personalMessage(h.url, coord(), "rapport"));
    const card = cardText(sentTo(coord()).flatMap((a) => a.attachments ?? [])[0]?.content);
    expect(card).toContain("Oppfølging av innvilgede saker per metode");
    expect(card).toContain(`${METHOD} Metode ${METHOD}`);
    expect(card).toContain("1/1 besvart, 1 stoppet, 0 som forventet");
    expect(card).toContain("Forslag om vurdering på gruppenivå, etter status");
  });
});
