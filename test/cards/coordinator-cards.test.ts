// @vitest-environment jsdom
/**
 * The coordinator's cards read well in narrow Teams views and say dates one
 * way; the «sakliste» card of the 1:1 chat parses cleanly and marks what it
 * should.
 */
import { describe, expect, it } from "vitest";
import { renderCoordinatorAlert, renderRoutingStatus } from "../../src/cards/alerts.js";
import type { AdaptiveCard } from "../../src/cards/card.js";
import { renderCaseList, renderChecklist } from "../../src/cards/checklist.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { renderReport } from "../../src/cards/report.js";
import { renderWaiting, type WaitingView } from "../../src/cards/waiting.js";
import type { Locale } from "../../src/i18n/index.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { LOCALES } from "./fixtures.js";
import { caseList, checklist, confirmedRecord, record, report, routingStatus } from "./workflow-fixtures.js";

const clean = { parseEvents: [], validationFailures: [] };
const text = (card: unknown) => allText(card).join("\n");

function coordinatorCards(locale: Locale): [string, AdaptiveCard][] {
  return [
    ["record draft", renderRecordCard({ locale, record: record() })],
    [
      "record confirmed",
      renderRecordCard({ locale, record: confirmedRecord(), confirmedByName: "Kari", recipient: { name: "Ola Vestland", hfName: "Helse Bergen HF" } }),
    ],
    [
      "record acknowledged",
      renderRecordCard({
        locale,
        record: confirmedRecord(),
        routing: { state: "acknowledged", sentAt: "2026-11-30T10:00:00+01:00", acknowledgedAt: "2026-12-01T09:00:00+01:00" },
      }),
    ],
    ["checklist", renderChecklist(checklist({ locale, returnsCount: 2 }))],
    ["case list", renderCaseList(caseList({ locale }))],
    ["routing status", renderRoutingStatus(routingStatus({ locale }))],
    [
      "papers late",
      renderCoordinatorAlert({
        locale,
        alert: { kind: "papersLate", meetingId: "M-2026-11-27", meetingDate: "2026-11-27", deadline: "2026-11-25T23:59:59.999+01:00" },
      }),
    ],
    [
      "routing failed",
      renderCoordinatorAlert({
        locale,
        alert: { kind: "routingFailed", caseId: "TO-2026-014", recordId: "TO-2026-014-v1", recipientId: "m", hfId: "helse-bergen", reason: "blocked" },
        recipientName: "Ola",
        hfName: "Helse Bergen HF",
      }),
    ],
    ["report", renderReport(report({ locale }))],
    ["waiting", renderWaiting(waiting({ locale }))],
  ];
}

function waiting(o: Partial<WaitingView> = {}): WaitingView {
  return {
    locale: "nb",
    agendas: {
      mode: "upcoming",
      meetings: [
        {
          meetingDate: "2026-12-14",
          items: [
            {
              caseId: "TO-2026-001",
              code: "TO-2026-001",
              methodName: "Nusinersen",
              applyingHfName: "Helse Fonna HF",
              urgent: false,
              recusal: { reason: "ownHf" },
            },
            { caseId: "TO-2026-003", code: "TO-2026-003", methodName: "Enzymerstatning", applyingHfName: "Helse Stavanger HF", urgent: true },
          ],
        },
        { meetingDate: "2026-12-28", items: [] },
      ],
    },
    coordinator: [
      {
        caseId: "TO-2026-004",
        code: "TO-2026-004",
        methodName: "Metode",
        applyingHfName: "Helse Bergen HF",
        urgent: false,
        task: "routingFailed",
        since: "2026-11-02T10:00:00+01:00",
      },
    ],
    acknowledge: [{ caseId: "TO-2026-005", code: "TO-2026-005", methodName: "Metode", recordId: "TO-2026-005-v1", sentAt: "2026-12-01T10:00:00+01:00" }],
    ...o,
  };
}

describe.each(LOCALES)("the coordinator's cards in %s", (locale) => {
  it.each(coordinatorCards(locale))("%s: label rows that wrap at spaces (no FactSet), one date format, renderer-clean", (_name, card) => {
    expect(checkCard(card)).toEqual(clean);
    expect(JSON.stringify(card)).not.toContain('"FactSet"');
    const t = text(card);
    expect(t).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/); // no ISO date (or meeting id) beside "27. november 2026"
  });
});

describe("«sakliste» in a 1:1 chat", () => {
  it("marks the viewer's own recusals, urgent cases, the coordinator's tasks and the decisions waiting for «Mottatt»", () => {
    const t = text(renderWaiting(waiting()));
    expect(t).toContain("Møte 14. desember 2026");
    expect(t).toContain("Du er inhabil i denne saken: Saken gjelder eget helseforetak");
    expect(t).toContain("Du er inhabil i 1 sak her og deltar ikke i behandlingen av den.");
    expect(t).toContain("Ingen saker på saklisten.");
    expect(t).toContain("Utsending feilet");
    expect(t).toContain("Sendt 1. desember 2026");
    expect(allActions(renderWaiting(waiting())).map((a) => [a.verb, a.data])).toEqual([["openCase", { caseId: "TO-2026-004" }]]);
  });

  it("says «nothing» for a part the role has, and fits many cases in a Teams message", () => {
    expect(text(renderWaiting({ locale: "nb", coordinator: [] }))).toContain("Ingen saker venter på deg nå.");
    expect(text(renderWaiting({ locale: "en", acknowledge: [] }))).toContain("No decision records wait for you.");
    expect(text(renderWaiting({ locale: "nb" }))).toContain("Ingen saker venter på deg.");
    const many = renderWaiting(
      waiting({
        coordinator: Array.from({ length: 200 }, (_, i) => ({
          ...waiting().coordinator![0]!,
          caseId: `TO-2026-${String(i).padStart(3, "0")}`,
          methodName: "M".repeat(300),
        })),
      }),
    );
    expect(checkCard(many)).toEqual(clean);
    expect(text(many)).toMatch(/saker til er ikke vist/);
    expect(() => renderWaiting({ locale: "nb", agendas: { mode: "next", meetings: null as never } })).not.toThrow();
  });
});
