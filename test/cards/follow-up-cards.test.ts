// @vitest-environment jsdom
/**
 * Issue 15's cards with the official renderer: the case brief with its
 * precedents, the record card with a grant's follow-up, the HF's follow-up
 * card (open, refused, answered, reminded), the coordinator's overview and
 * the group-level proposal card — renderer-clean, fully expanded, under the
 * size limit, every Execute's data accepted by the card action contract.
 */
import { describe, expect, it } from "vitest";
import { parseCardAction } from "../../src/cards/actions.js";
import { type AdaptiveCard, cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { renderCaseBrief } from "../../src/cards/case-brief.js";
import { renderFollowUpCard } from "../../src/cards/follow-up.js";
import { renderFollowUps } from "../../src/cards/follow-ups.js";
import { renderProposalCard } from "../../src/cards/proposal.js";
import { renderRecordCard } from "../../src/cards/record.js";
import { renderRoutedDecision } from "../../src/cards/decision.js";
import type { FollowUp } from "../../src/domain/follow-up.js";
import type { GroupProposal } from "../../src/domain/group-proposal.js";
import type { Precedents } from "../../src/domain/precedents.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { caseBrief, LOCALES } from "./fixtures.js";
import { confirmedRecord, record } from "./workflow-fixtures.js";

const clean = { parseEvents: [], validationFailures: [] };
const text = (card: unknown) => allText(card).join("\n");

function expectGood(card: AdaptiveCard): void {
  expect(checkCard(card)).toEqual(clean);
  expect(JSON.stringify(card)).not.toContain("${");
  expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  for (const a of allActions(card).filter((x) => x.type === "Action.Execute" && ["answerFollowUp", "openProposal", "saveProposal"].includes(String(x.verb)))) {
    // What a submit of the new verbs carries besides the inputs (all optional): the action's data must parse on its own.
    expect(parseCardAction(a.verb, a.data ?? {}).ok, String(a.verb)).toBe(true);
  }
}

const precedents: Precedents = {
  shown: [
    {
      caseCode: "TO-2026-009",
      decidedOn: "2026-10-02",
      outcome: "granted",
      groundsMet: ["increasedBenefit"],
      regionId: "helse-vest",
      regionName: "Helse Vest RHF",
    },
    { caseCode: "TO-2025-031", decidedOn: "2025-12-12", outcome: "rejected", groundsMet: [], regionId: "helse-nord", regionName: "Helse Nord RHF" },
  ],
  more: 3,
};

const followUp = (o: Partial<FollowUp> = {}): FollowUp => ({
  caseId: "TO-2026-014",
  caseCode: "TO-2026-014",
  recordId: "TO-2026-014-v1",
  nyeMetoderId: "ID2023_045",
  methodName: "Nusinersen til voksne med spinal muskelatrofi type 3",
  decidedOn: "2026-11-27",
  groundsMet: ["increasedBenefit"],
  plan: {
    startCriteria: "Start innen fire uker.",
    stopCriteria: "Stopp ved progresjon.",
    reporting: "Effekt etter tre måneder.",
    reviewDate: "2027-05-27",
    responsibleHfId: "helse-bergen",
  },
  ...o,
});

const proposal: GroupProposal = {
  caseId: "TO-2026-014",
  caseCode: "TO-2026-014",
  nyeMetoderId: "ID2023_045",
  methodName: "Nusinersen",
  text: "Voksne med SMA type 3 og SMN2-kopitall ≥ 4",
  status: "sentToNyeMetoder",
  createdAt: "2026-11-30T10:00:00+01:00",
  createdBy: "coord",
  history: [
    { status: "toSend", at: "2026-11-30T10:00:00+01:00", by: "coord" },
    { status: "sentToNyeMetoder", at: "2026-12-04T10:00:00+01:00", by: "coord" },
  ],
};

describe.each(LOCALES)("issue 15 cards (%s)", (locale) => {
  it("the case brief with precedents", () => {
    const card = renderCaseBrief(caseBrief({ locale, precedents }));
    expectGood(card);
    expect(text(card)).toContain("TO-2025-031");
    expectGood(renderCaseBrief(caseBrief({ locale, precedents: { shown: [], more: 0 } })));
  });

  it("the record card with a grant's follow-up, draft and confirmed", () => {
    const hfs = [
      { id: "helse-bergen", name: "Helse Bergen HF" },
      { id: "helse-stavanger", name: "Helse Stavanger HF" },
    ];
    for (const r of [record(), confirmedRecord()]) {
      const card = renderRecordCard({ locale, record: r, followUp: { plan: followUp().plan, hfs } });
      expectGood(card);
      expect(text(card)).toMatch(/Oppfølging av tilgangen|Follow-up of the access/);
      // The draft has the inputs; the confirmed record the facts ("Label: value"), not both.
      expect(JSON.stringify(card).includes('"id":"followUpStop"')).toBe(r.status === "draft");
      const factLabel = locale === "nb" ? '"text":"Stoppkriterier: "' : '"text":"Stop criteria: "';
      expect(JSON.stringify(card).includes(factLabel)).toBe(r.status === "confirmed");
    }
  });

  it("the HF's decision with a grant's follow-up, naming the responsible HF", () => {
    const plan = { ...followUp().plan, responsibleHfId: "helse-stavanger" };
    const card = renderRoutedDecision({ locale, record: confirmedRecord({ followUp: plan }), responsibleHfName: "Helse Stavanger HF" });
    expectGood(card);
    expect(text(card)).toContain("Stopp ved progresjon.");
    expect(text(card)).toContain("Helse Stavanger HF");
    expect(text(card)).not.toContain("helse-stavanger");
    expect(text(renderRoutedDecision({ locale, record: confirmedRecord({ outcome: "rejected", followUp: plan }) }))).not.toContain("Stopp ved progresjon.");
  });

  it("the follow-up card: open, refused with the choices kept, answered, reminded", () => {
    expectGood(renderFollowUpCard({ locale, followUp: followUp(), responsibleHfName: "Helse Bergen HF" }));
    expectGood(
      renderFollowUpCard({
        locale,
        followUp: followUp(),
        responsibleHfName: "Helse Bergen HF",
        problems: ["Svar på om effekten er som forventet."],
        values: { started: "yes", continuing: "no", stopReason: "death" },
      }),
    );
    const answered = renderFollowUpCard({
      locale,
      followUp: followUp({
        answer: { started: true, continuing: false, stopReason: "patientWish", effect: "tooEarly", by: "dir-bergen", at: "2027-05-28T10:00:00+02:00" },
      }),
      responsibleHfName: "Helse Bergen HF",
    });
    expectGood(answered);
    expect(allActions(answered)).toHaveLength(0);
    expectGood(renderFollowUpCard({ locale, followUp: followUp(), responsibleHfName: "Helse Bergen HF", reminder: true }));
  });

  it("the coordinator's overview, and the proposal card new, saved and as a reminder", () => {
    expectGood(
      renderFollowUps({
        locale,
        today: "2026-12-14",
        lines: [
          {
            caseCode: "TO-2026-014",
            methodName: "Nusinersen",
            nyeMetoderId: "ID2023_045",
            hfName: "Helse Bergen HF",
            reviewDate: "2026-12-01",
            stage: "overdue",
            undelivered: true,
          },
          {
            caseCode: "TO-2026-020",
            methodName: "CAR-T",
            nyeMetoderId: "ID2022_112",
            hfName: "Sykehuset Innlandet HF",
            reviewDate: "2027-06-01",
            stage: "scheduled",
            undelivered: false,
          },
        ],
        proposals: [{ caseCode: "TO-2026-014", methodName: "Nusinersen", status: "toSend", since: "2026-11-30" }],
      }),
    );
    expectGood(renderFollowUps({ locale, today: "2026-12-14", lines: [], proposals: [] }));
    const base = { locale, caseId: "TO-2026-014", caseCode: "TO-2026-014", methodName: "Nusinersen", nyeMetoderId: "ID2023_045", suggested: true };
    expectGood(renderProposalCard(base));
    expectGood(renderProposalCard({ ...base, proposal, saved: true }));
    expectGood(renderProposalCard({ ...base, proposal, reminder: true, problems: ["Statusen kan bare flyttes fremover."] }));
  });
});
