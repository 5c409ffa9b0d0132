/**
 * The coordinator's workflow and the decision's way back to the HF, driven by
 * the activities Teams sends (1:1 messages, Action.Execute invokes, installs),
 * asserting the stored state and every message the bot sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { addWorkingDays, fortnightlySeries, inOslo } from "../../src/domain/calendar.js";
import { formatDate } from "../../src/i18n/format.js";
import { GRANT_FINDINGS, REJECTION_FINDINGS } from "../support/record-findings.js";
import { chairApproves } from "../support/record-findings.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA_CASE = `TO-${Y}-001`; // Helse Fonna: its fagdirektør dir-fonna has not installed the app here, so routing fails
const STAVANGER_CASE = `TO-${Y}-003`; // Helse Stavanger's fagdirektør: dir-stavanger

/** The intake form as Teams submits it (every input a string). */
const FILLED = {
  methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
  nyeMetoderId: "ID2023_045",
  beslutningsforumDate: "2025-03-12",
  applyingHfId: "helse-stavanger",
  catchmentHfId: "",
  ground_increasedBenefit: "true",
  reasoning_increasedBenefit: "Publisert studie viser vesentlig bedre respons i en undergruppe med denne biomarkøren.",
  ground_higherSeverity: "false",
  reasoning_higherSeverity: "",
  ground_specialMedicalReasons: "false",
  reasoning_specialMedicalReasons: "",
  priorityBenefit: "Forventet gevinst i levetid 1–2 år.",
  prioritySeverity: "Alvorlig, livstruende sykdom.",
  priorityResourceUse: "Om lag 1,2 mill. kr per år.",
  price: "123456",
  treatmentCost: "1 234 567",
  costNote: "Pris fra Sykehusinnkjøp.",
  confidential: "true",
  urgent: "false",
  attachments: "Søknadsskjema | DOK-2026-0412",
  approvedByFagdirektor: "true",
  receivedDate: today.toISODate()!,
  // What the source requires of an application (issue 13).
  req_patientConsent: "true",
  req_sentByTreatingHfOrRegionalHospital: "true",
  req_priceCheckedBySykehusinnkjop: "true",
};

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const cardsTo = (id: string) =>
  h.connector
    .sent(oneOnOne(id))
    .flatMap((a) => a.attachments ?? [])
    .map((x: any) => x.content);
const asCoordinator = (verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, h.who("coord"), verb, data, { personal: true }));

describe("intake and completeness in the coordinator's 1:1 chat", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("shows the intake form on «ny sak», and only to the coordinator", async () => {
    await h.send(personalMessage(h.url, h.who("coord"), "ny sak"));
    const form = cardsTo("coord").at(-1);
    expect(executeActions(form).map((a) => a.verb)).toContain("registerCase");
    await h.send(personalMessage(h.url, h.who("m-vest-1"), "ny sak"));
    expect(h.connector.sent(oneOnOne("m-vest-1")).at(-1)?.text).toMatch(/koordinator/i);
  });

  it("answers bad input with the form and every problem on it, and stores nothing", async () => {
    const before = (await h.svc.cases.all()).length;
    const bad = { ...FILLED, methodName: "", applyingHfId: "helse-stavanger", reasoning_increasedBenefit: "Pasient 01017000027 har respons", receivedDate: "" };
    const r = await asCoordinator("registerCase", bad);
    const form = invokeCard(r);
    expect(executeActions(form).map((a) => a.verb)).toContain("registerCase");
    const text = cardText(form);
    expect(text).toMatch(/fødselsnummer/i);
    expect((await h.svc.cases.all()).length).toBe(before);
  });

  it("registers a valid application, confirms receipt to the applying HF's fagdirektør, and opens the checklist", async () => {
    const r = await asCoordinator("registerCase", { ...FILLED, applyingHfId: "helse-stavanger", catchmentHfId: "", approvedByFagdirektor: "false" });
    const checklist = invokeCard(r);
    expect(executeActions(checklist).map((a) => a.verb)).toContain("returnToHf");
    const created = (await h.svc.cases.all()).find((c) => c.status === "completenessCheck")!;
    // Numbered in the year of its registration in Oslo (at New Year's night UTC is still in the old year).
    expect(created.code).toMatch(new RegExp(`^TO-${h.clock.oslo().year}-\\d{3}$`));
    expect(cardText(cardsTo("dir-stavanger").at(-1))).toContain(created.code);
  });

  it("registers one application for a double click on the form's «Registrer»", async () => {
    await h.send(personalMessage(h.url, h.who("coord"), "ny sak"));
    const formId = executeActions(cardsTo("coord").at(-1)).find((a) => a.verb === "registerCase")?.data?.formId;
    expect(formId).toMatch(/^[0-9a-f-]{36}$/);
    const before = (await h.svc.cases.all()).length;
    const submit = () => asCoordinator("registerCase", { ...FILLED, formId, methodName: "Dobbeltklikk-metoden" });
    await Promise.all([submit(), submit()]);
    const after = await h.svc.cases.all();
    expect(after.length).toBe(before + 1);
    expect(after.filter((c) => c.method.name === "Dobbeltklikk-metoden")).toHaveLength(1);
  });

  it("returns an incomplete case to the HF with exactly what is missing, and re-opens the check on resubmission", async () => {
    const c = (await h.svc.cases.all()).find((x) => x.status === "completenessCheck")!;
    await asCoordinator("returnToHf", { caseId: c.id });
    expect((await h.svc.cases.byCode(c.id))?.status).toBe("returned");
    const notice = cardText(cardsTo("dir-stavanger").at(-1));
    expect(notice).toContain(c.code);
    expect(notice).toMatch(/fagdirektør/i);

    await h.send(personalMessage(h.url, h.who("coord"), `supplering ${c.code}`));
    const form = cardsTo("coord").at(-1);
    expect(executeActions(form).find((a) => a.verb === "registerCase")?.data?.caseId).toBe(c.id);
    const r = await asCoordinator("registerCase", {
      ...FILLED,
      caseId: c.id,
      applyingHfId: "helse-stavanger",
      catchmentHfId: "",
      approvedByFagdirektor: "true",
    });
    expect(executeActions(invokeCard(r)).map((a) => a.verb)).toContain("markReady");
    expect((await h.svc.cases.byCode(c.id))?.status).toBe("completenessCheck");
    await asCoordinator("markReady", { caseId: c.id });
    const ready = await h.svc.cases.byCode(c.id);
    expect(["ready", "onAgenda"]).toContain(ready?.status);
  });
});

describe("papers, and a decision's way from the chair to the applying HF", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger", "m-vest-2", "m-sorost-1"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("sends each member their papers, marking their own recusals", async () => {
    await h.send(personalMessage(h.url, h.who("coord"), `send papirer ${MEETING}`));
    // Only the members the bot can reach (the app installed for them) get their papers; the others are counted as missing.
    expect(h.connector.sent(oneOnOne("coord")).at(-1)?.text).toMatch(/til 2 mottakere\. 17 mangler/);
    const recused = cardText(cardsTo("m-vest-2").at(-1));
    expect(recused).toContain(FONNA_CASE);
    expect(recused).toMatch(/inhabil/i);
    expect(cardText(cardsTo("m-sorost-1").at(-1))).not.toMatch(/inhabil i denne saken/i);
    // Each case links to itself in the meeting book (locally: the tab's page on this server, as the launcher's person).
    const json = JSON.stringify(cardsTo("m-sorost-1").at(-1));
    expect(json).toContain(`"type":"Action.OpenUrl","title":"Åpne i Møtemappe","url":"${h.host.server.url}/tab?case=${FONNA_CASE}"`);
  });

  it("drafts the record at the conclusion; the coordinator confirms, routes, and the fagdirektør acknowledges", async () => {
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
      ),
    );
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "grant" }));
    }
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    const draft = (await latestRecord(h.svc, STAVANGER_CASE))!;
    expect(draft.status).toBe("draft");
    expect(executeActions(cardsTo("coord").at(-1)).map((a) => a.verb)).toContain("confirmRecord");

    // Confirming without reasoning is refused on the card; with it, the record is confirmed.
    const empty = invokeCard(await asCoordinator("confirmRecord", { caseId: STAVANGER_CASE, recordId: draft.id, reasoning: "" }));
    expect((await latestRecord(h.svc, STAVANGER_CASE))?.status).toBe("draft");
    expect(executeActions(empty).map((a) => a.verb)).toContain("confirmRecord");
    await asCoordinator("confirmRecord", {
      caseId: STAVANGER_CASE,
      recordId: draft.id,
      reasoning: "Komiteen finner at pasienten er klinisk eksepsjonell og at prioriteringskriteriene trolig er oppfylt.",
      ...GRANT_FINDINGS,
      comment_higherSeverity: "Vesentlig yngre enn gruppen.",
    });
    expect((await latestRecord(h.svc, STAVANGER_CASE))?.status).toBe("confirmed");
    expect((await h.svc.cases.byCode(STAVANGER_CASE))?.status).toBe("recordConfirmed");

    // The send to the HF runs after the turn (Teams' retries can outlast it): the card shows "being sent" at once,
    // and the same card is updated in place with the result.
    // Issue 14: the chair approves before the record can be sent; until then «Send til HF» is refused.
    const early = await asCoordinator("routeRecord", { caseId: STAVANGER_CASE, recordId: draft.id });
    expect(invokeMessage(early)).toContain("kan ikke sendes før leder har godkjent den");
    await chairApproves(h, STAVANGER_CASE, draft.id);
    const routed = await asCoordinator("routeRecord", { caseId: STAVANGER_CASE, recordId: draft.id });
    expect(cardText(invokeCard(routed))).toMatch(/Sendes til/);
    expect(cardText(h.connector.updates(oneOnOne("coord")).at(-1)?.body?.attachments?.[0]?.content)).toContain(STAVANGER_CASE);
    expect((await h.svc.cases.byCode(STAVANGER_CASE))?.status).toBe("routed");
    const decision = cardsTo("dir-stavanger").at(-1);
    expect(cardText(decision)).toMatch(/Statsforvalteren/);
    expect(executeActions(decision).map((a) => a.verb)).toEqual(["acknowledge"]);

    // Only the applying HF's fagdirektør may acknowledge.
    const wrong = await h.send(cardAction(h.url, h.who("m-sorost-1"), "acknowledge", { caseId: STAVANGER_CASE, recordId: draft.id }, { personal: true }));
    expect(invokeCard(wrong)).toBeUndefined();
    const ack = invokeCard(
      await h.send(cardAction(h.url, h.who("dir-stavanger"), "acknowledge", { caseId: STAVANGER_CASE, recordId: draft.id }, { personal: true })),
    );
    expect(executeActions(ack)).toHaveLength(0);
    // Dated with the day in Oslo (not the UTC date of the stored instant).
    expect(cardText(ack)).toContain(`Mottatt ${formatDate("nb", h.clock.oslo().toISODate()!)}`);
    expect((await h.svc.cases.byCode(STAVANGER_CASE))?.status).toBe("acknowledged");
    expect((await h.svc.records.routing(STAVANGER_CASE, draft.id))?.state).toBe("acknowledged");
  });

  it("tells the coordinator at once when the decision can't reach the HF", async () => {
    // Helse Fonna: m-vest-2 is recused, s-vest-2 stands in.
    await h.send(
      participantJoin(
        h.url,
        ["s-vest-2"].map((id) => h.who(id)),
      ),
    );
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA_CASE }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2", "s-vest-2"]) {
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: FONNA_CASE, position: "reject" }));
    }
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA_CASE }));
    const draft = (await latestRecord(h.svc, FONNA_CASE))!;
    expect(draft.outcome).toBe("rejected");
    await asCoordinator("confirmRecord", {
      caseId: FONNA_CASE,
      recordId: draft.id,
      reasoning: "Kriteriene for klinisk eksepsjonalitet er ikke oppfylt for denne pasienten.",
      ...REJECTION_FINDINGS,
    });
    await chairApproves(h, FONNA_CASE, draft.id);
    h.connector.reset();
    await asCoordinator("routeRecord", { caseId: FONNA_CASE, recordId: draft.id });
    expect((await h.svc.records.routing(FONNA_CASE, draft.id))?.state).toBe("failed");
    const toCoordinator = h.connector.sent(oneOnOne("coord"));
    expect(toCoordinator.some((a) => typeof a.text === "string" && a.text.includes(draft.id))).toBe(true);
    expect(toCoordinator.flatMap((a) => a.attachments ?? []).some((x: any) => cardText(x.content).includes(FONNA_CASE))).toBe(true);

    // … with the PDF offered at once (file consent), uploaded to their OneDrive when they accept.
    const consent = toCoordinator.flatMap((a) => a.attachments ?? []).find((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.consent");
    expect(consent?.name).toBe(`${draft.id}.pdf`);
    const accept = cardAction(h.url, h.who("coord"), "x", {}, { personal: true }) as any;
    accept.name = "fileConsent/invoke";
    accept.value = {
      type: "fileUpload",
      action: "accept",
      context: consent.content.acceptContext,
      uploadInfo: {
        name: consent.name,
        uploadUrl: `${h.url}upload/${consent.name}`,
        contentUrl: `${h.url}files/${consent.name}`,
        uniqueId: "u-1",
        fileType: "pdf",
      },
    };
    const r = await h.send(accept);
    expect(r?.status).toBe(200);
    expect(h.connector.uploads.at(-1)).toMatchObject({ path: `/upload/${consent.name}` });
    expect(h.connector.uploads.at(-1)!.bytes).toBeGreaterThan(1000);
    const info = h.connector
      .sent(oneOnOne("coord"))
      .flatMap((a) => a.attachments ?? [])
      .find((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.info");
    expect(info?.name).toBe(consent.name);
  });

  it("corrects a confirmed record as version 2 with a reason, keeping version 1 unchanged", async () => {
    const v1 = (await latestRecord(h.svc, STAVANGER_CASE))!;
    const r = invokeCard(await asCoordinator("correctRecord", { caseId: STAVANGER_CASE, recordId: v1.id, correctionReason: "Feil i vilkårene" }));
    expect(r).toBeTruthy();
    const versions = await h.svc.records.versions(STAVANGER_CASE);
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const again = versions.find((v) => v.version === 1)!;
    expect(again).toEqual(v1);
    expect(versions.find((v) => v.version === 2)).toMatchObject({ supersedes: v1.id, status: "draft" });
  });

  it("shows the coordinator the register report without confidential prices", async () => {
    await h.send(personalMessage(h.url, h.who("coord"), "rapport"));
    const report = cardText(cardsTo("coord").at(-1));
    expect(report).toMatch(/Helse Vest|Helse Sør-Øst/);
    expect(report).not.toMatch(/798\s?000|45\s?000/);
    // Up to and made today in Oslo.
    const day = formatDate("nb", h.clock.oslo().toISODate()!);
    expect(report).toContain(`– ${day} · Laget ${day}`);
  });
});

describe("the intake endpoint on the running app", () => {
  beforeAll(async () => {
    h = await BotHarness.start({ env: { INTAKE_LOCAL_KEY: "local-development-key-123" } });
  });
  afterAll(async () => h.stop());

  const post = (body: unknown, key?: string) =>
    fetch(`${h.host.server.url}/api/cases`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { "x-komitebot-key": key } : {}) },
      body: JSON.stringify(body),
    });

  it("answers 401 without the key, 400 with every problem, 201 with the case code", async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({}, "wrong-key-wrong-key")).status).toBe(401);
    const invalid = await post({ method: { name: "" } }, "local-development-key-123");
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { problems: unknown[] };
    expect(body.problems.length).toBeGreaterThan(3);
    const valid = await post(
      {
        method: { name: "Metode X", nyeMetoderId: "ID2024_001", beslutningsforumDate: "2025-01-20" },
        applyingHfId: "helse-stavanger",
        grounds: [{ ground: "higherSeverity", reasoning: "Vesentlig yngre pasient enn gruppen i metodevurderingen." }],
        priority: { benefit: "Forventet stor nytte.", severity: "Alvorlig tilstand.", resourceUse: "Moderat kostnad." },
        cost: { currency: "NOK", treatmentCost: 500000, confidential: false },
        urgent: false,
        attachments: [{ title: "Søknad", ref: "DOC-1" }],
        approvedByFagdirektor: true,
        receivedAt: h.clock.now().toISOString(),
      },
      "local-development-key-123",
    );
    expect(valid.status).toBe(201);
    const created = (await valid.json()) as { caseCode: string };
    expect(created.caseCode).toMatch(/^TO-\d{4}-\d{3}$/);
    expect(await h.svc.cases.byCode(created.caseCode)).toBeTruthy();
  });
});

describe("the coordinator's meeting plan", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
  });
  afterAll(async () => h.stop());
  const say = async (text: string) => {
    await h.send(personalMessage(h.url, h.who("coord"), text));
    return h.connector.sent(oneOnOne("coord")).at(-1)?.text as string;
  };

  it("creates a fortnightly series and an extra meeting, moves a case and reorders an agenda", async () => {
    const first = today.plus({ days: 7 }).toISODate()!;
    expect(await say(`møteserie ${first} 3`)).toMatch(/3 nye møter/);
    expect(await say(`møteserie ${first} 3`)).toMatch(/0 nye møter, 3 fantes/);
    const extraDate = today.plus({ days: 3 }).toISODate()!;
    expect(await say(`ekstramøte ${extraDate}`)).toContain(`M-${extraDate}-extra1`);
    // The series' second meeting: two weeks on, or the working day before when that is a holiday (Christmas Day…).
    const second = fortnightlySeries(first, 3)[1]!.date;
    expect(await say(`flytt ${FONNA_CASE} M-${second}`)).toContain(`M-${second}`);
    expect((await h.svc.cases.byCode(FONNA_CASE))?.meetingId).toBe(`M-${second}`);
    expect(await say(`rekkefølge ${MEETING} ${STAVANGER_CASE} TO-${Y}-002`)).toContain(`${STAVANGER_CASE}, TO-${Y}-002`);
    expect(await say(`rekkefølge ${MEETING} ${STAVANGER_CASE}`)).toMatch(/samme sakene|same cases/i);
    expect(await say("møter")).toContain(`M-${second}: 1 sak – ${FONNA_CASE}`);
  });

  it("lists the meetings from today in Oslo on, also in the first hour after midnight (UTC is still on yesterday)", async () => {
    const yesterday = today.minus({ days: 1 }).toISODate()!;
    expect(await say(`ekstramøte ${yesterday}`)).toContain(`M-${yesterday}-extra1`);
    h.clock.set(today.set({ hour: 0, minute: 30 }));
    const listed = await say("møter");
    expect(listed).toContain(`${MEETING}:`);
    expect(listed).not.toContain(`M-${yesterday}`);
  });

  it("sends the papers of the next meeting that has not begun: at 13:30 in Oslo, not today's meeting that began at 13:00", async () => {
    const next = fortnightlySeries(today.plus({ days: 7 }).toISODate()!, 3)[1]!.id; // where the Fonna case was moved
    h.clock.set(today.set({ hour: 13, minute: 30 })); // 12:30Z in winter, 11:30Z in summer
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "send papirer"));
    const said = h.connector
      .sent(oneOnOne("coord"))
      .map((a) => String(a.text ?? ""))
      .join("\n");
    expect(said).toContain(next);
    expect(said).not.toContain(MEETING);
  });
});

describe("follow-ups on a timer", () => {
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
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: STAVANGER_CASE, position: "grant" }));
    }
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: STAVANGER_CASE }));
    const draft = (await latestRecord(h.svc, STAVANGER_CASE))!;
    await asCoordinator("confirmRecord", {
      caseId: STAVANGER_CASE,
      recordId: draft.id,
      reasoning: "Pasienten er klinisk eksepsjonell; kriteriene er trolig oppfylt.",
      ...GRANT_FINDINGS,
    });
    await chairApproves(h, STAVANGER_CASE, draft.id);
    await asCoordinator("routeRecord", { caseId: STAVANGER_CASE, recordId: draft.id });
  });
  afterAll(async () => h.stop());

  it("follows up an unacknowledged decision after the configured working days, once", async () => {
    // Only the follow-up job: the timer's other jobs (e.g. a papers reminder for today's meeting) are not this test's business.
    const followUps = () => h.host.timers.run("ackFollowUps");
    const routing = (await h.svc.records.routing(STAVANGER_CASE, `${STAVANGER_CASE}-v1`))!;
    expect(routing.state).toBe("sent");
    const dueDay = inOslo(addWorkingDays(routing.sentAt!, h.host.env.ACK_FOLLOW_UP_WORKING_DAYS)).startOf("day");
    h.connector.reset();
    await followUps();
    expect(cardsTo("coord")).toHaveLength(0); // just sent
    h.clock.set(dueDay.minus({ minutes: 1 }));
    await followUps();
    expect(cardsTo("coord")).toHaveLength(0); // not due yet: the last working day has not begun
    h.clock.set(dueDay.plus({ minutes: 1 }));
    await followUps();
    const alerts = cardsTo("coord");
    expect(alerts).toHaveLength(1);
    expect(cardText(alerts[0])).toContain(STAVANGER_CASE);
    await followUps();
    expect(cardsTo("coord")).toHaveLength(1);
  });

  it("gives the coordinator the register as CSV by file consent, without prices", async () => {
    h.connector.reset();
    await h.send(personalMessage(h.url, h.who("coord"), "rapport csv"));
    const consent = h.connector
      .sent(oneOnOne("coord"))
      .flatMap((a) => a.attachments ?? [])
      .find((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.consent");
    // Named by the day in Oslo: the follow-up test above left the clock at 00:01 Oslo, when UTC is still on the day before.
    expect(consent?.name).toBe(`tilgangsordningen-register-${h.clock.oslo().toISODate()}.csv`);
    const accept = cardAction(h.url, h.who("coord"), "x", {}, { personal: true }) as any;
    accept.name = "fileConsent/invoke";
    accept.value = {
      type: "fileUpload",
      action: "accept",
      context: consent.content.acceptContext,
      uploadInfo: { name: consent.name, uploadUrl: `${h.url}upload/${consent.name}`, contentUrl: `${h.url}files/${consent.name}`, fileType: "csv" },
    };
    expect((await h.send(accept))?.status).toBe(200);
    const csv = h.connector.uploads.at(-1)!.body.toString("utf8");
    expect(csv).toContain(STAVANGER_CASE);
    expect(csv).not.toMatch(/45\s?000|1\s?170\s?000|798\s?000/);
    // Someone else accepting a forged consent gets nothing.
    const forged = cardAction(h.url, h.who("m-sorost-1"), "x", {}, { personal: true }) as any;
    forged.name = "fileConsent/invoke";
    forged.value = accept.value;
    const uploads = h.connector.uploads.length;
    await h.send(forged);
    expect(h.connector.uploads.length).toBe(uploads);
  });
});
