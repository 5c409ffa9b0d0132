/**
 * Complete applications (issue 13), over HTTP with Teams' activity shapes:
 * the intake form asks what the source requires of an application, and a
 * return to the HF may carry the coordinator's own reason, fødselsnummer-guarded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { cardAction, installationUpdate } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { DECISION_STATE, storeSnapshot } from "../support/snapshot.js";
import { extraMeetingProposal } from "../../src/domain/calendar.js";
import { formatDate } from "../../src/i18n/format.js";

const today = testToday;
/** The intake form as Teams submits it, without the requirements the source sets (consent, price checked…). */
const FORM = {
  methodName: "Metode uten samtykke",
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
};

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const asCoordinator = (verb: string, data: Record<string, unknown>) => h.send(cardAction(h.url, h.who("coord"), verb, data, { personal: true }));

describe("complete applications", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("lists what the source requires that the application lacks, and passes a re-assessment without a Beslutningsforum date", async () => {
    const r = await asCoordinator("registerCase", { ...FORM, beslutningsforumDate: "", req_reassessment: "true" });
    const text = cardText(invokeCard(r));
    expect(text).toContain("Pasientens samtykke er ikke bekreftet");
    expect(text).toContain("Prisen er ikke kontrollert av Sykehusinnkjøp");
    expect(text).not.toContain("Datoen for beslutningen i Beslutningsforum mangler");
  });

  it("returns a case to the HF with the coordinator's own reason, refusing a fødselsnummer in it and changing nothing", async () => {
    const c = (await h.svc.cases.all()).find((x) => x.method.name === "Metode uten samtykke")!;
    const before = await storeSnapshot(h.store, DECISION_STATE);
    const bad = await asCoordinator("returnToHf", { caseId: c.id, returnReason: "Gjelder 01017000027" });
    expect(invokeMessage(bad)).toMatch(/fødselsnummer/i);
    expect(await storeSnapshot(h.store, DECISION_STATE)).toEqual(before);

    await asCoordinator("returnToHf", { caseId: c.id, returnReason: "Grunnlaget som er oppgitt, omfattes ikke av ordningen." });
    const returned = await h.svc.cases.byCode(c.id);
    expect(returned?.status).toBe("returned");
    expect(returned?.returns.at(-1)?.reason).toBe("Grunnlaget som er oppgitt, omfattes ikke av ordningen.");
    const notice = cardText(
      h.connector
        .sent(oneOnOne("dir-stavanger"))
        .flatMap((a) => a.attachments ?? [])
        .at(-1)?.content,
    );
    expect(notice).toContain("Koordinatorens merknad: Grunnlaget som er oppgitt, omfattes ikke av ordningen.");
    expect(notice).toContain("Pasientens samtykke er ikke bekreftet");
    // Free text never reaches the audit.
    expect(JSON.stringify(await h.svc.audit.list(c.id))).not.toContain("omfattes ikke");
  });

  it("offers the return on the card of a complete application with the coordinator's reason alone, and refuses it without one, changing nothing", async () => {
    const complete = {
      ...FORM,
      methodName: "Komplett metode",
      req_patientConsent: "true",
      req_sentByTreatingHfOrRegionalHospital: "true",
      req_priceCheckedBySykehusinnkjop: "true",
    };
    const card = invokeCard(await asCoordinator("registerCase", complete));
    expect(executeActions(card).map((a) => a.verb)).toEqual(["markReady", "returnToHf"]);
    expect(cardText(card)).toContain("Begrunnelse til HF (påkrevd når ingenting mangler)");
    const c = (await h.svc.cases.all()).find((x) => x.method.name === "Komplett metode")!;

    const before = await storeSnapshot(h.store, DECISION_STATE);
    expect(invokeMessage(await asCoordinator("returnToHf", { caseId: c.id, returnReason: "" }))).toMatch(/Skriv en begrunnelse til HF/);
    expect(await storeSnapshot(h.store, DECISION_STATE)).toEqual(before);

    await asCoordinator("returnToHf", { caseId: c.id, returnReason: "Metoden er ikke vurdert nei til i Beslutningsforum." });
    const returned = await h.svc.cases.byCode(c.id);
    expect(returned?.status).toBe("returned");
    expect(returned?.returns.at(-1)).toMatchObject({ missing: [], reason: "Metoden er ikke vurdert nei til i Beslutningsforum." });
    const notice = cardText(
      h.connector
        .sent(oneOnOne("dir-stavanger"))
        .flatMap((a) => a.attachments ?? [])
        .at(-1)?.content,
    );
    expect(notice).toContain("Koordinatorens merknad: Metoden er ikke vurdert nei til i Beslutningsforum.");
  });
});

describe("urgent cases (hastesaker)", () => {
  const KEY = "local-development-key-123";
  const cardsTo = (id: string) =>
    h.connector
      .sent(oneOnOne(id))
      .flatMap((a) => a.attachments ?? [])
      .map((x: any) => cardText(x.content));
  beforeAll(async () => {
    h = await BotHarness.start({ env: { INTAKE_LOCAL_KEY: KEY, EXTRA_MEETING_PAPERS_WORKING_DAYS: "1" } });
    for (const id of ["coord", "chair"]) await h.send(installationUpdate(h.url, h.who(id)));
  });
  afterAll(async () => h.stop());

  it("alerts the coordinator and the chair at once from the form, with the earliest extra meeting, its deadlines and a target date", async () => {
    h.connector.reset();
    await asCoordinator("registerCase", { ...FORM, methodName: "Hastemetode", urgent: "true" });
    const c = (await h.svc.cases.all()).find((x) => x.method.name === "Hastemetode")!;
    const p = extraMeetingProposal(c.receivedAt, 1);
    for (const id of ["coord", "chair"]) {
      const alert = cardsTo(id).find((t) => t.includes("Hastesak mottatt"));
      expect(alert).toContain(c.code);
      expect(alert).toContain(`Tidligste ekstramøte: ${formatDate("nb", p.meetingDate)}`);
      expect(alert).toContain(formatDate("nb", p.targetDate));
    }
  });

  it("alerts both from POST /api/cases too, and not for an ordinary application", async () => {
    const body = (urgent: boolean, name: string) => ({
      method: { name, nyeMetoderId: "ID2024_001", beslutningsforumDate: "2025-01-20" },
      applyingHfId: "helse-stavanger",
      grounds: [{ ground: "higherSeverity", reasoning: "Vesentlig yngre pasient enn gruppen i metodevurderingen." }],
      urgent,
      receivedAt: h.clock.now().toISOString(),
    });
    const post = (b: unknown) =>
      fetch(`${h.host.server.url}/api/cases`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-komitebot-key": KEY },
        body: JSON.stringify(b),
      });
    h.connector.reset();
    expect((await post(body(false, "Vanlig metode"))).status).toBe(201);
    await h.settle();
    expect([...cardsTo("coord"), ...cardsTo("chair")].some((t) => t.includes("Hastesak mottatt"))).toBe(false);
    const r = await post(body(true, "Hastemetode 2"));
    expect(r.status).toBe(201);
    const { caseCode } = (await r.json()) as { caseCode: string };
    await h.settle();
    for (const id of ["coord", "chair"]) expect(cardsTo(id).find((t) => t.includes("Hastesak mottatt"))).toContain(caseCode);
  });
});
