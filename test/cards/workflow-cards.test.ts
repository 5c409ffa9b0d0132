// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { type AlertInfo, renderCoordinatorAlert, renderRoutingStatus } from "../../src/cards/alerts.js";
import { type AdaptiveCard, cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { renderCaseList, renderChecklist } from "../../src/cards/checklist.js";
import { renderRoutedDecision } from "../../src/cards/decision.js";
import { renderCaseReceived, renderCaseReturned } from "../../src/cards/hf-notices.js";
import { renderPapers } from "../../src/cards/papers.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { renderReport } from "../../src/cards/report.js";
import { parseCardAction } from "../../src/cards/actions.js";
import type { CoordinatorAlert } from "../../src/app/notifier.js";
import type { Locale } from "../../src/i18n/index.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { LOCALES } from "./fixtures.js";
import { caseList, checklist, confirmedRecord, papers, papersCase, record, report, routingStatus, words } from "./workflow-fixtures.js";

const clean = { parseEvents: [], validationFailures: [] };
const text = (card: unknown) => allText(card).join("\n");
const verbs = (card: unknown) => allActions(card).map((a) => a.verb ?? a.type);

/** Every card: renderer-clean, fully expanded, under the size limit, and every Execute's data parses. */
function expectGood(card: AdaptiveCard): void {
  expect(checkCard(card)).toEqual(clean);
  expect(JSON.stringify(card)).not.toContain("${");
  expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(card.msteams).toEqual({ width: "Full" });
  for (const a of allActions(card)) {
    if (a.type !== "Action.Execute") continue;
    const needsInputs = ["correctRecord", "registerCase"].includes(String(a.verb));
    const data = { ...(a.data as object), ...(a.verb === "correctRecord" ? { correctionReason: "Skrivefeil" } : {}) };
    if (!needsInputs || a.verb === "correctRecord") expect(parseCardAction(a.verb, data), String(a.verb)).toMatchObject({ ok: true });
  }
}

const ALERTS: AlertInfo[] = [
  { kind: "routingFailed", caseId: "TO-2026-014", recordId: "TO-2026-014-v1", recipientId: "m-vest-1", reason: "noConversation" },
  { kind: "papersLate", meetingId: "M-2026-11-27", deadline: "2026-11-25" },
  { kind: "unacknowledged", caseId: "TO-2026-014", recordId: "TO-2026-014-v1", recipientId: "m-vest-1", sentAt: "2026-11-30T10:00:00+01:00" },
  { kind: "acknowledged", caseId: "TO-2026-014", recordId: "TO-2026-014-v1", recipientId: "m-vest-1", acknowledgedAt: "2026-12-01T09:00:00+01:00" },
];

describe.each(LOCALES)("workflow cards in %s", (locale: Locale) => {
  it("all parse cleanly with the official renderer", () => {
    const cards = [
      renderChecklist(checklist({ locale })),
      renderChecklist(checklist({ locale, missing: [], returnsCount: 1 })),
      renderChecklist(checklist({ locale, missing: [{ item: "some.unknownCode" as never }] })),
      renderCaseList(caseList({ locale })),
      renderCaseList(caseList({ locale, items: [] })),
      renderCaseReceived({
        locale,
        code: "TO-2026-014",
        methodName: "Atezolizumab",
        applyingHfName: "Helse Bergen HF",
        receivedAt: "2026-03-02",
        urgent: true,
      }),
      renderCaseReturned({
        locale,
        code: "TO-2026-014",
        methodName: "Atezolizumab",
        applyingHfName: "Helse Bergen HF",
        returnedAt: "2026-03-03",
        missing: checklist().missing,
      }),
      renderPapers(papers({ locale })),
      renderPapers(papers({ locale, items: [], late: true })),
      renderRecordCard({ locale, record: record() }),
      renderRecordCard({ locale, record: record({ conditions: [], grounds: [] }), problems: ["Avgjørelsen mangler begrunnelse."] }),
      renderRecordCard({ locale, record: confirmedRecord(), confirmedByName: "Koordinator Kari" }),
      renderRecordCard({ locale, record: confirmedRecord(), routing: { state: "acknowledged", sentAt: "2026-11-30", acknowledgedAt: "2026-12-01" } }),
      renderRoutedDecision({ locale, record: confirmedRecord() }),
      renderRoutedDecision({ locale, record: confirmedRecord({ outcome: "rejected" }), acknowledged: { at: "2026-12-01", byName: "Ola Vestland" } }),
      ...ALERTS.map((alert) => renderCoordinatorAlert({ locale, alert })),
      renderRoutingStatus(routingStatus({ locale })),
      renderRoutingStatus(routingStatus({ locale, rows: [] })),
      renderReport(report({ locale })),
    ];
    for (const card of cards) expectGood(card);
  });
});

describe("completeness checklist", () => {
  it("shows each missing item in words and offers 'Returner til HF', not 'Klar for komiteen'", () => {
    const card = renderChecklist(checklist());
    const t = text(card);
    expect(t).toContain("Begrunnelsen for grunnlaget Høyere alvorlighet mangler");
    expect(t).toContain("Prioriteringskriteriet ressursbruk er ikke beskrevet.");
    expect(t).not.toContain("higherSeverity");
    expect(allActions(card)).toEqual([expect.objectContaining({ verb: "returnToHf", data: { caseId: "TO-2026-014" } })]);
    expect(t.match(/✓/g)?.length).toBe(7);
    expect(t.match(/✗/g)?.length).toBe(3);
  });

  it("offers 'Klar for komiteen' when nothing is missing, and the return with the coordinator's reason alone; nothing once the case has moved on", () => {
    // Issue 13: a complete application may still go back to the HF with a reason of the coordinator's own (the use case requires the reason).
    expect(allActions(renderChecklist(checklist({ missing: [] })))).toEqual([
      expect.objectContaining({ verb: "markReady", data: { caseId: "TO-2026-014" } }),
      expect.objectContaining({ verb: "returnToHf", data: { caseId: "TO-2026-014" } }),
    ]);
    expect(allActions(renderChecklist(checklist({ missing: [], status: "ready" })))).toEqual([]);
    expect(allActions(renderChecklist(checklist({ status: "returned" })))).toEqual([]);
  });

  it("case list has an 'Åpne' button per case", () => {
    const card = renderCaseList(caseList());
    expect(allActions(card).map((a) => [a.verb, a.data])).toEqual(caseList().items.map((c) => ["openCase", { caseId: c.caseId }]));
    const many = renderCaseList(
      caseList({
        items: Array.from({ length: 200 }, (_, i) => ({
          ...caseList().items[0]!,
          caseId: `TO-2026-${String(i).padStart(3, "0")}`,
          methodName: words(300, "Lang metode"),
        })),
      }),
    );
    expectGood(many);
    expect(text(many)).toMatch(/saker til er ikke vist/);
  });
});

describe("notices to the applying HF", () => {
  it("the return notice lists what is missing, by case code, with no figures", () => {
    const card = renderCaseReturned({
      locale: "nb",
      code: "TO-2026-014",
      methodName: "Atezolizumab",
      applyingHfName: "Helse Bergen HF",
      returnedAt: "2026-03-03",
      missing: checklist().missing,
    });
    const t = text(card);
    expect(t).toContain("Søknad returnert – sak TO-2026-014");
    expect(t).toContain("Søknaden er ikke godkjent og signert av fagdirektør");
    expect(t).toContain("Send en oppdatert søknad");
    expect(t).not.toMatch(/\bkr\b|NOK|\d{3}\s?\d{3}/);
    expect(allActions(card)).toEqual([]);
  });

  it("the receipt names case code, method and received date", () => {
    const t = text(
      renderCaseReceived({
        locale: "en",
        code: "TO-2026-014",
        methodName: "Atezolizumab",
        applyingHfName: "Helse Bergen HF",
        receivedAt: "2026-03-02T09:00:00+01:00",
        urgent: false,
      }),
    );
    expect(t).toContain("Application received – case TO-2026-014");
    expect(t).toContain("Atezolizumab");
    expect(t).toContain("2 March 2026");
  });
});

describe("papers (saksunderlag)", () => {
  it("marks the member's own recusals, and only those", () => {
    const card = renderPapers(papers());
    const t = text(card);
    expect(t).toContain("Du er inhabil i denne saken: Saken gjelder eget helseforetak");
    expect(t).toContain("Du er inhabil i denne saken: Meldt inhabilitet: Tidligere behandlende lege");
    expect(t.match(/Du er inhabil/g)?.length).toBe(2);
    expect(t).toContain("Konfidensiell pris – bare for komiteen");
    expect(t).toContain("Frist for saksunderlaget: 25. november 2026");
  });

  it("fits ten long cases in 28 KB, and says so when it has to leave cases out", () => {
    const long = (i: number) =>
      papersCase(i, {
        methodName: words(600, "Pembrolizumab i kombinasjon med lenvatinib"),
        recusal: { reason: "declared", text: words(500, "Har vært involvert") },
      });
    const ten = renderPapers(papers({ items: Array.from({ length: 10 }, (_, i) => long(i)) }));
    expectGood(ten);
    expect(text(ten).match(/Du er inhabil/g)?.length).toBe(10);
    const forty = renderPapers(papers({ items: Array.from({ length: 40 }, (_, i) => long(i)) }));
    expectGood(forty);
    expect(text(forty)).toMatch(/saker til er ikke vist her/);
  });
});

describe("decision record card (coordinator)", () => {
  it("says «hastesak» on the record and the decision of an urgent case, as the other cards do, and not on an ordinary one", () => {
    expect(allText(renderRecordCard({ locale: "nb", record: record({ urgent: true }) }))).toContain("HASTESAK");
    expect(allText(renderRoutedDecision({ locale: "nb", record: confirmedRecord({ urgent: true }) }))).toContain("HASTESAK");
    expect(allText(renderRecordCard({ locale: "en", record: confirmedRecord({ urgent: true }) }))).toContain("URGENT CASE");
    expect(allText(renderRecordCard({ locale: "nb", record: record() }))).not.toContain("HASTESAK");
    expect(allText(renderRoutedDecision({ locale: "nb", record: confirmedRecord() }))).not.toContain("HASTESAK");
  });

  it("a draft is editable with save and confirm", () => {
    const card = renderRecordCard({ locale: "nb", record: record() });
    const json = JSON.stringify(card);
    for (const id of ["reasoning", "conditions", "finding_increasedBenefit", "comment_increasedBenefit", "finding_higherSeverity", "groupLevelProposal"]) {
      expect(json).toContain(`"id":"${id}"`);
    }
    expect(json).not.toContain('"id":"finding_specialMedicalReasons"');
    expect(json).toContain('"value":"Effekten evalueres etter tre måneder.\\nBehandlingen avsluttes ved progresjon."');
    // Confirming freezes the record: it takes one step more ("Er du sikker?"), with the real action inside.
    // Issue 15: granted on økt nytte (found met), the card first prompts for a group-level proposal (openProposal).
    expect(verbs(card)).toEqual(["openProposal", "saveRecord", "Action.ShowCard", "confirmRecord"]);
    expect(
      allActions(card)
        .filter((a) => a.verb)
        .map((a) => [a.verb, a.data]),
    ).toEqual([
      ["openProposal", { caseId: "TO-2026-014" }],
      ["saveRecord", { caseId: "TO-2026-014", recordId: "TO-2026-014-v1" }],
      ["confirmRecord", { caseId: "TO-2026-014", recordId: "TO-2026-014-v1" }],
    ]);
    expect((card.actions as { type: string; verb?: string }[]).map((a) => a.verb ?? a.type)).toEqual(["saveRecord", "Action.ShowCard"]);
    const ask = (card.actions as Record<string, any>[])[1]!;
    expect(text(ask.card)).toMatch(/Er du sikker\?[\s\S]*låses/);
    expect(
      parseCardAction("confirmRecord", {
        caseId: "TO-2026-014",
        recordId: "TO-2026-014-v1",
        reasoning: "Ok",
        finding_increasedBenefit: "met",
        groupLevelProposal: "true",
      }).ok,
    ).toBe(true);
  });

  it("a confirmed record waits for the chair: no «Send til HF» before the approval; the chair's card offers «Godkjenn» and «Be om endring» only", () => {
    const waiting = renderRecordCard({ locale: "nb", record: confirmedRecord({ approvedBy: undefined, approvedAt: undefined }) });
    expect(verbs(waiting)).toEqual(["openProposal", "Action.ShowCard", "correctRecord"]);
    expect(text(waiting)).toContain("Venter på godkjenning fra leder");
    const forChair = renderRecordCard({ locale: "nb", record: confirmedRecord({ approvedBy: undefined, approvedAt: undefined }), forChair: true });
    expect(verbs(forChair)).toEqual(["approveRecord", "Action.ShowCard", "requestRecordChange"]);
    expect(text(forChair)).toMatch(/Godkjenn[\s\S]*Be om endring/);
    const en = renderRecordCard({ locale: "en", record: confirmedRecord({ approvedBy: undefined, approvedAt: undefined }), forChair: true });
    expect(text(en)).toMatch(/Approve[\s\S]*Request a change/);
  });

  it("a confirmed record is read-only with version, confirmed by/at, 'Send til HF' and 'Rett avgjørelsen'", () => {
    const card = renderRecordCard({
      locale: "nb",
      record: confirmedRecord({ version: 2, id: "TO-2026-014-v2", supersedes: "TO-2026-014-v1", correctionReason: "Skrivefeil" }),
      confirmedByName: "Koordinator Kari",
    });
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/"type":"Input\.(?!Text","id":"correctionReason")/);
    const t = text(card);
    expect(t).toContain("Versjon 2");
    expect(t).toContain("Bekreftet 30. november 2026 av Koordinator Kari");
    expect(t).toContain("Retter TO-2026-014-v1. Årsak: Skrivefeil");
    // «Send til HF» asks first, naming who the record goes to.
    // Issue 15: granted on økt nytte, the prompt for a group-level proposal comes first.
    expect(verbs(card)).toEqual(["openProposal", "Action.ShowCard", "routeRecord", "Action.ShowCard", "correctRecord"]);
    const named = renderRecordCard({ locale: "nb", record: confirmedRecord(), recipient: { name: "Ola Vestland", hfName: "Helse Bergen HF" } });
    expect(text((named.actions as Record<string, any>[])[0]!.card)).toMatch(/Er du sikker\?[\s\S]*Ola Vestland, fagdirektør i Helse Bergen HF/);
    const routed = renderRecordCard({ locale: "nb", record: confirmedRecord(), routing: { state: "sent", sentAt: "2026-11-30" } });
    expect(verbs(routed)).toEqual(["openProposal", "Action.ShowCard", "correctRecord"]);
    const sending = renderRecordCard({
      locale: "nb",
      record: confirmedRecord(),
      routing: { state: "sending" },
      recipient: { name: "Ola Vestland", hfName: "Helse Bergen HF" },
    });
    expect(verbs(sending)).toEqual(["openProposal"]);
    expect(text(sending)).toContain("Sendes til Ola Vestland");
    const failed = renderRecordCard({ locale: "nb", record: confirmedRecord(), routing: { state: "failed", failedAt: "2026-11-30" } });
    expect(verbs(failed)).toEqual(["openProposal", "Action.ShowCard", "routeRecord", "offerPdf", "Action.ShowCard", "correctRecord"]);
    // Nobody on the roster to send to: no send that cannot succeed; the PDF instead, and what to do.
    const nobody = renderRecordCard({ locale: "nb", record: confirmedRecord(), recipient: null });
    expect(verbs(nobody)).toEqual(["openProposal", "offerPdf", "Action.ShowCard", "correctRecord"]);
    expect(text(nobody)).toContain("Ingen fagdirektør for Helse Bergen HF står i medlemslisten");
  });

  it("stays under 28 KB with the longest texts a record may hold", () => {
    const big = record({
      reasoning: words(8000, "Begrunnelse med «sitater» og æøå."),
      conditions: Array.from({ length: 20 }, () => words(200, "Vilkår")),
      grounds: (["increasedBenefit", "higherSeverity", "specialMedicalReasons"] as const).map((ground) => ({
        ground,
        finding: "met" as const,
        comment: words(2000, "Kommentar"),
      })),
      participants: Array.from({ length: 16 }, (_, i) => ({
        personId: `p${i}`,
        name: `Medlem ${i} Med Langt Navn`,
        hfName: "Universitetssykehuset Nord-Norge HF",
      })),
    });
    expectGood(renderRecordCard({ locale: "nb", record: big }));
    expectGood(renderRecordCard({ locale: "en", record: { ...big, status: "confirmed", confirmedAt: "2026-11-30", confirmedBy: "k" } }));
    expectGood(renderRoutedDecision({ locale: "nb", record: { ...big, status: "confirmed" } }));
  });
});

describe("routed decision (to the applying HF)", () => {
  it("carries outcome, reasoning, conditions, the legal note, case code, meeting date and version", () => {
    const card = renderRoutedDecision({ locale: "nb", record: confirmedRecord() });
    const t = text(card);
    expect(t).toContain("Avgjørelse – sak TO-2026-014");
    expect(t).toContain("Søknaden er innvilget.");
    expect(t).toContain(record().reasoning);
    expect(t).toContain("- Effekten evalueres etter tre måneder.");
    expect(t).toContain("ikke et enkeltvedtak");
    expect(t).toContain("Statsforvalteren");
    expect(t).toContain("pasient- og brukerrettighetsloven § 7-2");
    expect(t).toContain("27. november 2026");
    expect(allActions(card)).toEqual([expect.objectContaining({ verb: "acknowledge", data: { caseId: "TO-2026-014", recordId: "TO-2026-014-v1" } })]);
    const en = text(renderRoutedDecision({ locale: "en", record: confirmedRecord() }));
    expect(en).toContain("not an individual administrative decision");
    expect(en).toContain("§ 7-2");
  });

  it("shows no price, even a confidential one", () => {
    const t = JSON.stringify(renderRoutedDecision({ locale: "nb", record: confirmedRecord() }));
    expect(t).not.toMatch(/123\s?456|1\s?234\s?567/);
  });

  it("after acknowledgement: 'Mottatt <date> av <name>' and no button", () => {
    const card = renderRoutedDecision({ locale: "nb", record: confirmedRecord(), acknowledged: { at: "2026-12-01T08:00:00+01:00", byName: "Ola Vestland" } });
    expect(text(card)).toContain("Mottatt 1. desember 2026 av Ola Vestland");
    expect(allActions(card)).toEqual([]);
    expect(card.actions).toBeUndefined();
  });
});

describe("coordinator alerts and routing status", () => {
  it("the alert type matches the Notifier's CoordinatorAlert", () => {
    const fromApp: CoordinatorAlert = ALERTS[0]!;
    const toCard: AlertInfo = fromApp;
    expect(toCard.kind).toBe("routingFailed");
  });

  it("routing failed: record id, reason in words, PDF hint, retry", () => {
    const card = renderCoordinatorAlert({ locale: "nb", alert: ALERTS[0]!, recipientName: "Ola Vestland" });
    const t = text(card);
    expect(t).toContain("TO-2026-014-v1");
    expect(t).toContain("Ola Vestland");
    expect(t).toContain("Komitébot er ikke installert hos mottakeren");
    expect(t).toContain("PDF");
    expect(verbs(card)).toEqual(["routeRecord", "offerPdf", "openCase"]);
  });

  it("routing failed for want of a recipient: names the HF, offers the PDF and adding one to the roster, no «Prøv igjen»", () => {
    const alert: AlertInfo = {
      kind: "routingFailed",
      caseId: "TO-2026-001",
      recordId: "TO-2026-001-v1",
      recipientId: "",
      hfId: "helse-fonna",
      reason: "notOnRoster",
    };
    for (const locale of LOCALES) {
      const card = renderCoordinatorAlert({ locale, alert, hfName: "Helse Fonna HF" });
      expectGood(card);
      const t = text(card);
      expect(t).toContain("Helse Fonna HF");
      expect(t).not.toMatch(/ : |til : |to : /);
      expect(t).toMatch(locale === "nb" ? /medlemslisten/ : /roster/);
      expect(verbs(card)).toEqual(["offerPdf", "openCase"]);
    }
  });

  it("the HF's «Mottatt»: who, which record and when", () => {
    const card = renderCoordinatorAlert({ locale: "nb", alert: ALERTS[3]!, recipientName: "Ola Vestland", hfName: "Helse Bergen HF" });
    expect(text(card)).toContain("Ola Vestland (Helse Bergen HF) bekreftet 1. desember 2026 at avgjørelse TO-2026-014-v1 er mottatt.");
    expect(verbs(card)).toEqual(["openCase"]);
  });

  it("papers late names the meeting and the deadline; unacknowledged names the date sent", () => {
    expect(text(renderCoordinatorAlert({ locale: "nb", alert: ALERTS[1]!, meetingLabel: "27. november 2026" }))).toContain("25. november 2026");
    expect(text(renderCoordinatorAlert({ locale: "en", alert: ALERTS[2]! }))).toContain("30 November 2026");
  });

  it("routing status lists state and dates, with 'Send på nytt' only on failures", () => {
    const card = renderRoutingStatus(routingStatus());
    const t = text(card);
    expect(t).toContain("1 av 3 bekreftet mottatt");
    expect(t).toContain("Mottatt 1. desember 2026");
    expect(t).toContain("Feilet");
    expect(allActions(card).map((a) => [a.verb, a.data])).toEqual([["routeRecord", { caseId: "TO-2026-016", recordId: "TO-2026-016-v1", from: "list" }]]);
    // A failure for want of a recipient on the roster gets no «Send på nytt».
    const rows = routingStatus().rows.map((r) => (r.state === "failed" ? { ...r, retryable: false } : r));
    expect(allActions(renderRoutingStatus(routingStatus({ rows })))).toEqual([]);
  });
});

describe("report", () => {
  it("shows the headline figures and no price", () => {
    const card = renderReport(report());
    const t = text(card);
    expect(t).toContain("Helse Vest RHF");
    expect(t).toContain("Oslo universitetssykehus HF");
    expect(t).toContain("8,5 virkedager");
    expect(t).toContain("Ingen data");
    expect(t).toContain("Gjennomsnittlig oppmøte: 6,6 av 8 medlemmer (83 %)");
    expect(t).toContain("ikke var beslutningsdyktig: 1");
    expect(JSON.stringify(card)).not.toMatch(/\bkr\b|NOK|pris:/i);
    expect(allActions(card)).toEqual([]);
  });

  it("stays under 28 KB with every HF listed", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ name: `Helseforetak nummer ${i} med et langt navn HF`, cases: i, granted: 1, rejected: 1 }));
    expectGood(renderReport(report({ byHf: many, byRegion: many.slice(0, 4) })));
  });
});

describe("new action schemas refuse hostile input without throwing", () => {
  const C = "TO-2026-014";
  const R = "TO-2026-014-v1";
  it.each([
    ["openCase", { caseId: C }],
    ["markReady", { caseId: C }],
    ["returnToHf", { caseId: C }],
    ["routeRecord", { caseId: C, recordId: R }],
    ["acknowledge", { caseId: C, recordId: "TO-2026-014-v123" }],
    ["saveRecord", { caseId: C, recordId: R }],
    ["confirmRecord", { caseId: C, recordId: R, reasoning: "", conditions: "" }],
    ["correctRecord", { caseId: C, recordId: R, correctionReason: "Skrivefeil i begrunnelsen" }],
    ["registerCase", {}],
  ])("accepts a valid %s", (verb, data) => {
    expect(parseCardAction(verb, data)).toEqual({ ok: true, action: { verb, ...data } });
  });

  const hostile: [string, Record<string, unknown>][] = [
    ["openCase", { caseId: "TO-2026-14" }],
    ["openCase", { caseId: `${C}\n` }],
    ["markReady", { caseId: { $ne: null } }],
    ["returnToHf", {}],
    ["routeRecord", { caseId: C, recordId: "TO-2026-014" }],
    ["routeRecord", { caseId: C, recordId: "TO-2026-014-v1234" }],
    ["acknowledge", { caseId: C, recordId: "TO-2026-014-v1' OR 1=1" }],
    ["acknowledge", { caseId: C, recordId: "x".repeat(1_000_000) }],
    ["correctRecord", { caseId: C, recordId: R }],
    ["correctRecord", { caseId: C, recordId: R, correctionReason: "   " }],
    ["correctRecord", { caseId: C, recordId: R, correctionReason: "<script>alert(1)</script>" }],
    ["correctRecord", { caseId: C, recordId: R, correctionReason: "y".repeat(501) }],
    ["saveRecord", { caseId: C, recordId: R, reasoning: "x".repeat(9000) }],
    ["saveRecord", { caseId: C, recordId: R, reasoning: "ok <img src=x onerror=alert(1)>" }],
    ["saveRecord", { caseId: C, recordId: R, finding_increasedBenefit: "yes" }],
    ["confirmRecord", { caseId: C, recordId: R, groupLevelProposal: true }],
    ["confirmRecord", { caseId: C, recordId: R, comment_higherSeverity: "nul\u0000byte" }],
    ["registerCase", { methodName: 42 }],
    ["registerCase", { methodName: "x".repeat(5_000_000) }],
    ["registerCase", { urgent: "yes" }],
    ["registerCase", { beslutningsforumDate: "12.03.2025" }],
    ["registerCase", { applyingHfId: "../../etc/passwd" }],
    ["registerCase", { applyingHfId: "Helse Bergen HF" }],
    ["registerCase", { reasoning_increasedBenefit: "<script>x</script>" }],
    ["registerCase", { attachments: ["a | b"] }],
    ["registerCase", { price: { $gt: 0 } }],
  ];
  it.each(hostile)("%s refuses %j", (verb, data) => {
    let r: ReturnType<typeof parseCardAction> | undefined;
    expect(() => (r = parseCardAction(verb, data))).not.toThrow();
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(JSON.stringify(r.problems)).not.toMatch(/<script>|<img|passwd/);
  });

  it("render functions never throw on nonsense views", () => {
    const junk = { locale: "nb" } as never;
    for (const f of [
      renderChecklist,
      renderCaseList,
      renderCaseReceived,
      renderCaseReturned,
      renderPapers,
      renderRecordCard,
      renderRoutedDecision,
      renderCoordinatorAlert,
      renderRoutingStatus,
      renderReport,
    ]) {
      expect(() => f(junk)).not.toThrow();
      expect(checkCard(f(junk))).toEqual(clean);
    }
  });
});
