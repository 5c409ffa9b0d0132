// @vitest-environment jsdom
/**
 * The cards of issue 10: the case brief's shared and minimal views, the
 * viewers' new banners, the catchment-policy note, the «neste sak» question,
 * the quorum notice, and whom a substitute sat for on both record cards.
 */
import { describe, expect, it } from "vitest";
import { cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { renderCaseBrief, type CaseBriefView } from "../../src/cards/case-brief.js";
import { renderRoutedDecision } from "../../src/cards/decision.js";
import { renderNextCase } from "../../src/cards/next-case.js";
import { quorumNoticeLines, type QuorumNoticeView } from "../../src/cards/quorum-notice.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { caseBrief, LOCALES, MEETING_ID } from "./fixtures.js";
import { confirmedRecord, record } from "./workflow-fixtures.js";

const clean = { parseEvents: [], validationFailures: [] };
const text = (card: unknown) => allText(card).join("\n");

/** A view as src/teams/meeting/views.ts builds it for someone who may see only code, method, status and quorum. */
function minimal(overrides: Partial<CaseBriefView> = {}): CaseBriefView {
  const {
    applyingHf: _a,
    catchmentHf: _c,
    attachments: _d,
    grounds: _g,
    priority: _p,
    cost: _k,
    recused: _r,
    positions: _s,
    consensus: _n,
    ...rest
  } = caseBrief();
  return { ...rest, viewer: { kind: "shared" }, ...overrides };
}

describe("the case brief's shared and minimal views", () => {
  it.each(LOCALES)("parses cleanly in %s for every minimal viewer", (locale) => {
    for (const viewer of [
      { kind: "shared" as const },
      { kind: "guest" as const },
      { kind: "uninvited" as const },
      { kind: "recused" as const, recusedReason: "ownHf" as const },
    ]) {
      const card = renderCaseBrief(minimal({ locale, viewer }));
      expect(checkCard(card)).toEqual(clean);
      expect(JSON.stringify(card)).not.toContain("${");
      expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    }
  });

  it("shows the shared card's neutral banner, the code, method, status and quorum, and nothing the view does not carry", () => {
    const t = text(renderCaseBrief(minimal()));
    expect(t).toContain("Alle i komiteen ser sin egen visning av dette kortet");
    expect(t).not.toContain("Du er ikke på komiteens medlemsliste");
    for (const shown of [
      "Sak TO-2026-014",
      "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
      "Til behandling",
      "Beslutningsdyktig: 6 stemmeberettigede (minst 4 kreves)",
    ])
      expect(t).toContain(shown);
    // No section left empty: the grounds, priority criteria, costs, recusals and positions are not on the card at all.
    for (const gone of [
      "Klinisk eksepsjonalitet",
      "Prioriteringskriteriene",
      "Kostnader",
      "Inhabile",
      "Standpunkter",
      "Søkende HF",
      "Saksunderlag",
      "Venter på standpunkt",
    ])
      expect(t).not.toContain(gone);
    expect(t).toContain("Søkerens kliniske begrunnelse og prioriteringskriteriene vises bare for dem som deltar i eller leder behandlingen av saken.");
    expect(text(renderCaseBrief(minimal({ locale: "en" })))).toContain("Everyone on the committee sees their own view of this card.");
  });

  it("shows a concluded case's result without its reason when the view carries none", () => {
    const t = text(renderCaseBrief(minimal({ status: "deferred", conclusion: { result: "deferred" } })));
    expect(t).toContain("Saken er utsatt.");
    expect(t).not.toContain("Begrunnelse:");
  });

  it("tells a substitute whose member sits in the case so, and one who left to rejoin or check in", () => {
    const notNeeded = text(renderCaseBrief(caseBrief({ viewer: { kind: "substituteNotNeeded", memberName: "Anne Midt" } })));
    expect(notNeeded).toContain("Anne Midt deltar selv i denne saken, så du sitter ikke som vara her.");
    expect(notNeeded).not.toContain("Du er ikke registrert som til stede");
    const left = text(renderCaseBrief(caseBrief({ viewer: { kind: "left" } })));
    expect(left).toContain("Du har forlatt møtet. Bli med i møtet igjen eller sjekk inn");
    for (const kind of ["substituteNotNeeded", "left", "expert", "uninvited", "shared"] as const) {
      expect(allActions(renderCaseBrief(caseBrief({ viewer: { kind } }))), kind).toEqual([]);
    }
  });

  it("tells an invited expert why they see the case, and an uninvited one why they do not", () => {
    expect(text(renderCaseBrief(caseBrief({ locale: "en", viewer: { kind: "expert" } })))).toContain("You are invited to this case as an external expert.");
    expect(text(renderCaseBrief(minimal({ viewer: { kind: "uninvited" } })))).toContain("Du er ikke invitert til denne saken");
  });

  it("says when the catchment-area policy is what makes the case not quorate", () => {
    const blocked = text(renderCaseBrief(minimal({ quorum: { quorate: false, eligibleCount: 3, minimum: 4, blockedByCatchmentPolicy: true } })));
    expect(blocked).toContain("Ikke beslutningsdyktig: 3 stemmeberettigede, minst 4 kreves");
    expect(blocked).toContain("Det er regelen om inhabilitet for pasientens opptaksområde som gjør saken ikke beslutningsdyktig");
    expect(text(renderCaseBrief(minimal({ quorum: { quorate: false, eligibleCount: 3, minimum: 4 } })))).not.toContain("opptaksområde som gjør");
  });
});

describe("«neste sak» while a case is open", () => {
  it.each(LOCALES)("parses cleanly in %s, with and without a next case", (locale) => {
    for (const view of [
      { locale, meetingId: MEETING_ID, openCode: "TO-2026-014", next: { caseId: "TO-2026-015", code: "TO-2026-015" } },
      { locale, meetingId: MEETING_ID, openCode: "TO-2026-014" },
    ]) {
      const card = renderNextCase(view);
      expect(checkCard(card)).toEqual(clean);
      expect(JSON.stringify(card)).not.toContain("${");
    }
  });

  it("names the open case and offers «Ta opp <next> likevel» with the agenda's takeUpCase verb", () => {
    const card = renderNextCase({ locale: "nb", meetingId: MEETING_ID, openCode: "TO-2026-014", next: { caseId: "TO-2026-015", code: "TO-2026-015" } });
    expect(text(card)).toContain("Sak TO-2026-014 er fortsatt åpen");
    expect(allActions(card)).toEqual([
      { type: "Action.Execute", verb: "takeUpCase", title: "Ta opp TO-2026-015 likevel", data: { meetingId: MEETING_ID, caseId: "TO-2026-015" } },
    ]);
    const last = renderNextCase({ locale: "nb", meetingId: MEETING_ID, openCode: "TO-2026-014" });
    expect(allActions(last)).toEqual([]);
    expect(text(last)).toContain("Det er ingen andre åpne saker på saklisten.");
  });
});

describe("the quorum notice", () => {
  const lost: QuorumNoticeView = {
    code: "TO-2026-014",
    quorate: false,
    eligible: 3,
    minimum: 4,
    needed: 1,
    absentMembers: ["Jostein Rindal", "Elin Karlsøy"],
    possibleStandIns: [{ name: "Eivind Tangvik", memberName: "Jostein Rindal" }],
    blockedByCatchmentPolicy: false,
  };

  it("says how many of the needed, who is absent and which substitute could stand in", () => {
    expect(quorumNoticeLines("nb", lost)).toEqual([
      "⚠ Sak TO-2026-014 er ikke lenger beslutningsdyktig: 3 stemmeberettigede, minst 4 kreves – 1 til trengs.",
      "Fraværende medlemmer: Jostein Rindal, Elin Karlsøy.",
      "Vara som kan stå inn: Eivind Tangvik (vara for Jostein Rindal).",
    ]);
    expect(quorumNoticeLines("en", { ...lost, possibleStandIns: [], blockedByCatchmentPolicy: true })).toEqual([
      "⚠ Case TO-2026-014 is no longer quorate: 3 eligible members, at least 4 required – 1 more needed.",
      "Members absent: Jostein Rindal, Elin Karlsøy.",
      "No substitute who is not recused can stand in now.",
      "It is the rule recusing members from the patient's catchment area that makes the case not quorate: a precaution beyond the source's own-health-trust rule. Without it the committee would be quorate.",
    ]);
  });

  it("says it when quorum is back", () => {
    expect(quorumNoticeLines("nb", { ...lost, quorate: true, eligible: 4, needed: 0 })).toEqual([
      "✓ Sak TO-2026-014 er beslutningsdyktig nå: 4 stemmeberettigede (minst 4 kreves).",
    ]);
  });
});

describe("who sat as substitute for whom, on both record cards", () => {
  const withNames = () =>
    record({
      participants: [
        { personId: "m-sorost-1", name: "Astrid Fjellvang", hfName: "Oslo universitetssykehus HF" },
        { personId: "s-vest-2", name: "Marit Skjelbred", hfName: "Helse Førde HF", standingInFor: "m-vest-2", standingInForName: "Odd Arne Brekkestø" },
      ],
      left: [{ personId: "m-nord-1", name: "Elin Karlsøy", hfName: "Universitetssykehuset Nord-Norge HF", position: "grant" }],
    });

  it("names the member on the coordinator's card, and who left before the conclusion with their position", () => {
    const t = text(renderRecordCard({ locale: "nb", record: withNames() }));
    expect(t).toContain("Marit Skjelbred (Helse Førde HF) – vara for Odd Arne Brekkestø");
    expect(t).toContain("Forlot møtet før konklusjonen (standpunkt da): Elin Karlsøy (Innvilge)");
    expect(text(renderRecordCard({ locale: "en", record: withNames() }))).toContain("Marit Skjelbred (Helse Førde HF) – substitute for Odd Arne Brekkestø");
    // An older record without the member's name says "substitute", never a roster id.
    const old = text(renderRecordCard({ locale: "nb", record: record() }));
    expect(old).toContain("Jon Midt (Helse Stavanger HF) – vararepresentant");
    expect(old).not.toContain("m-vest-2");
  });

  it("names the member on the routed decision card for the applying HF", () => {
    const t = text(renderRoutedDecision({ locale: "nb", record: { ...withNames(), status: "confirmed" } }));
    expect(t).toContain("Marit Skjelbred deltok som vara for Odd Arne Brekkestø.");
    expect(t).not.toContain("Astrid Fjellvang deltok");
    expect(text(renderRoutedDecision({ locale: "en", record: confirmedRecord() }))).toContain("Jon Midt took part as a substitute.");
  });
});
