// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderCaseBrief, type CaseBriefView } from "../../src/cards/case-brief.js";
import { cardByteSize, MAX_CARD_BYTES, MAX_REFRESH_USERS } from "../../src/cards/card.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { CASE_ID, caseBrief, largestCase, LOCALES, MEETING_ID, refreshIds, VIEWER_KINDS, viewerFor } from "./fixtures.js";

const executes = (card: unknown) => allActions(card).filter((a) => a.type === "Action.Execute");
const verbs = (card: unknown) => executes(card).map((a) => a.verb);
const text = (card: unknown) => allText(card).join("\n");

describe("case brief card", () => {
  it("shows who leads the meeting the time on the case against its minutes and in the meeting against 120 (the two-hour limit)", () => {
    for (const locale of LOCALES) {
      const card = renderCaseBrief(
        caseBrief({
          locale,
          viewer: viewerFor("chair"),
          clock: { case: { elapsed: 17, budget: 15, over: true }, meeting: { elapsed: 106, limit: 120, over: false, nearLimit: true } },
        }),
      );
      expect(checkCard(card)).toEqual({ parseEvents: [], validationFailures: [] });
      expect(JSON.stringify(card)).not.toContain("${");
    }
    const nb = text(renderCaseBrief(caseBrief({ viewer: viewerFor("chair"), clock: { case: { elapsed: 17, budget: 15, over: true } } })));
    expect(nb).toContain("Saken: 17 av 15 minutter – over tiden");
    expect(nb).not.toContain("Møtet:");
    expect(text(renderCaseBrief(caseBrief({ viewer: viewerFor("chair") })))).not.toMatch(/Saken: \d|Møtet: \d/);
  });

  describe.each(LOCALES)("in %s", (locale) => {
    it.each(VIEWER_KINDS)("parses cleanly with the official renderer for a %s viewer", (kind) => {
      for (const view of [
        caseBrief({ locale, viewer: viewerFor(kind) }),
        largestCase({ locale, viewer: viewerFor(kind) }),
        caseBrief({ locale, viewer: viewerFor(kind), consensus: { state: "consensus", position: "grant", outstandingCount: 0 } }),
        caseBrief({ locale, viewer: viewerFor(kind), status: "granted", conclusion: { result: "granted" } }),
        caseBrief({
          locale,
          viewer: viewerFor(kind),
          grounds: [],
          recused: [],
          positions: [],
          catchmentHf: undefined,
          cost: { confidential: false },
          beslutningsforumDecision: "",
          urgent: false,
          refreshUserIds: [],
          quorum: { quorate: false, eligibleCount: 3, minimum: 4 },
          consensus: { state: "notQuorate", outstandingCount: 0 },
        }),
      ]) {
        const card = renderCaseBrief(view);
        expect(checkCard(card)).toEqual({ parseEvents: [], validationFailures: [] });
        expect(card.version).toBe("1.5");
        expect(card.msteams).toEqual({ width: "Full" });
        expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
        // Every string was filled in: no template expression left behind.
        expect(JSON.stringify(card)).not.toContain("${");
      }
    });
  });

  it("refreshes with the refreshCase verb for the given users", () => {
    const card = renderCaseBrief(caseBrief());
    expect(card.refresh).toEqual({
      action: { type: "Action.Execute", verb: "refreshCase", data: { meetingId: MEETING_ID, caseId: CASE_ID } },
      userIds: refreshIds(10),
    });
  });

  it("keeps refresh.userIds to at most 60 valid Teams ids", () => {
    const ids = [...refreshIds(100), "29:1user-0", "not-a-teams-id", "8:orgid:x"];
    const card = renderCaseBrief(caseBrief({ refreshUserIds: ids }));
    expect(card.refresh?.userIds).toHaveLength(MAX_REFRESH_USERS);
    expect(new Set(card.refresh?.userIds).size).toBe(MAX_REFRESH_USERS);
    expect(card.refresh?.userIds.every((id) => id.startsWith("29:"))).toBe(true);
  });

  describe("actions by viewer", () => {
    it("gives an eligible member the three position buttons with the right data", () => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind: "eligible", ownPosition: "reject" } }));
      const positions = executes(card).filter((a) => a.verb === "position");
      expect(positions.map((a) => a.data)).toEqual([
        { meetingId: MEETING_ID, caseId: CASE_ID, position: "grant" },
        { meetingId: MEETING_ID, caseId: CASE_ID, position: "reject" },
        { meetingId: MEETING_ID, caseId: CASE_ID, position: "defer" },
      ]);
      expect(positions.map((a) => a.title)).toEqual(["Innvilge", "✓ Avslå", "Utsette"]);
      // The viewer's own position is highlighted, the others are not.
      expect(positions.map((a) => a.style)).toEqual(["default", "positive", "default"]);
      expect(text(card)).toContain("Ditt standpunkt: Avslå");
    });

    it("lets an eligible member declare a conflict with a required, bounded reason", () => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind: "eligible" } }));
      const show = allActions(card).find((a) => a.type === "Action.ShowCard");
      expect(show?.title).toBe("Meld inhabilitet");
      const inner = show?.card as { body: Record<string, unknown>[]; actions: Record<string, unknown>[] };
      expect(inner.body[0]).toMatchObject({ type: "Input.Text", id: "conflictReason", isRequired: true, maxLength: 500 });
      expect(inner.body[0]?.errorMessage).toBeTruthy();
      expect(inner.actions[0]).toMatchObject({
        type: "Action.Execute",
        verb: "declareConflict",
        data: { meetingId: MEETING_ID, caseId: CASE_ID },
      });
      expect(verbs(card)).not.toContain("conclude");
    });

    it("shows no highlighted button when the member has not stated a position", () => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind: "eligible" } }));
      expect(
        executes(card)
          .filter((a) => a.verb === "position")
          .every((a) => a.style === "default"),
      ).toBe(true);
      expect(text(card)).toContain("Du har ikke avgitt standpunkt ennå.");
    });

    it("tells a recused member why, and gives no actions", () => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind: "recused", recusedReason: "ownHf" } }));
      expect(executes(card)).toEqual([]);
      expect(allActions(card)).toEqual([]);
      expect(text(card)).toContain("Du er inhabil i denne saken: Saken gjelder eget helseforetak");
    });

    it("shows a declared conflict's own words to the recused member (in English too)", () => {
      const card = renderCaseBrief(
        caseBrief({ locale: "en", viewer: { kind: "recused", recusedReason: "declared", recusedDetail: "Former colleague of the applicant" } }),
      );
      expect(text(card)).toContain("You are recused in this case: Declared conflict of interest: Former colleague of the applicant");
    });

    it("gives the chair no position buttons, and conclude only when quorate with consensus", () => {
      const waiting = renderCaseBrief(caseBrief({ viewer: { kind: "chair" } }));
      expect(verbs(waiting)).toEqual(["defer"]);

      const consensus = renderCaseBrief(caseBrief({ viewer: { kind: "chair" }, consensus: { state: "consensus", position: "grant", outstandingCount: 0 } }));
      expect(verbs(consensus)).toEqual(["conclude", "defer"]);
      // One confirming step: «Konkluder» opens "Er du sikker?", saying what will happen, with the real action inside.
      const confirm = allActions(consensus).find((a) => a.type === "Action.ShowCard" && a.title === "Konkluder: Innvilget");
      expect(confirm).toBeTruthy();
      const inner = confirm?.card as { body: Record<string, unknown>[]; actions: Record<string, unknown>[] };
      expect(String(inner.body[0]?.text)).toMatch(/^Er du sikker\?/);
      expect(String(inner.body[0]?.text)).toContain("beslutningen registreres, og utkastet til avgjørelse sendes koordinatoren");
      expect(inner.actions).toEqual([
        expect.objectContaining({
          type: "Action.Execute",
          verb: "conclude",
          title: "Ja, konkluder: Innvilget",
          data: { meetingId: MEETING_ID, caseId: CASE_ID },
        }),
      ]);
      const conclude = executes(consensus).find((a) => a.verb === "conclude");
      expect(conclude).toMatchObject({ title: "Ja, konkluder: Innvilget", data: { meetingId: MEETING_ID, caseId: CASE_ID } });

      const notQuorate = renderCaseBrief(
        caseBrief({
          viewer: { kind: "chair" },
          quorum: { quorate: false, eligibleCount: 3, minimum: 4 },
          consensus: { state: "consensus", position: "grant", outstandingCount: 0 },
        }),
      );
      expect(verbs(notQuorate)).toEqual(["defer"]);

      const consensusToDefer = renderCaseBrief(
        caseBrief({ viewer: { kind: "chair" }, consensus: { state: "consensus", position: "defer", outstandingCount: 0 } }),
      );
      expect(verbs(consensusToDefer)).toEqual(["defer"]);

      const dissent = renderCaseBrief(caseBrief({ viewer: { kind: "chair" }, consensus: { state: "dissent", outstandingCount: 0 } }));
      expect(verbs(dissent)).toEqual(["defer"]);
    });

    it("gives the chair a defer form with a required reason", () => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind: "chair" } }));
      const show = allActions(card).find((a) => a.type === "Action.ShowCard");
      const inner = show?.card as { body: Record<string, unknown>[] };
      expect(inner.body[0]).toMatchObject({ type: "Input.Text", id: "deferReason", isRequired: true, maxLength: 500 });
    });

    it.each(["observer", "coordinator", "absent", "guest"] as const)("is read-only for %s (refresh only)", (kind) => {
      const card = renderCaseBrief(caseBrief({ viewer: { kind }, consensus: { state: "consensus", position: "grant", outstandingCount: 0 } }));
      expect(allActions(card)).toEqual([]);
      expect(card.refresh?.action.verb).toBe("refreshCase");
    });

    it.each(VIEWER_KINDS)("shows the result and no actions after conclusion (%s)", (kind) => {
      const card = renderCaseBrief(
        caseBrief({
          viewer: viewerFor(kind),
          status: "deferred",
          conclusion: { result: "deferred", reason: "Mangler konsensus" },
          consensus: { state: "dissent", outstandingCount: 0 },
        }),
      );
      expect(allActions(card)).toEqual([]);
      expect(text(card)).toContain("Saken er utsatt.");
      expect(text(card)).toContain("Begrunnelse: Mangler konsensus");
    });
  });

  describe("content", () => {
    it("marks a confidential price clearly and formats NOK the Norwegian way", () => {
      const card = renderCaseBrief(caseBrief());
      const all = text(card).replace(/\u00a0|\u202f/g, " ");
      expect(all).toContain("KONFIDENSIELL PRIS");
      expect(all).toContain("123 456 kr");
      expect(all).toContain("1 234 567 kr");
    });

    it("shows no confidentiality marker for a public price", () => {
      const card = renderCaseBrief(caseBrief({ cost: { price: 1000, confidential: false } }));
      expect(text(card)).not.toContain("KONFIDENSIELL");
      expect(text(card)).toContain("Ikke oppgitt"); // no treatment cost given
    });

    it("says a confidential figure left out of the view is withheld, not missing", () => {
      const all = text(renderCaseBrief(caseBrief({ viewer: { kind: "guest" }, cost: { confidential: true } })));
      expect(all).toContain("KONFIDENSIELL PRIS");
      expect(all).toContain("Vises bare for komiteen");
      expect(all).not.toContain("Ikke oppgitt");
    });

    it("formats NOK with English conventions in English", () => {
      const all = text(renderCaseBrief(caseBrief({ locale: "en" }))).replace(/\u00a0/g, " ");
      expect(all).toContain("NOK 1,234,567");
      expect(all).toContain("CONFIDENTIAL PRICE");
    });

    it("shows both sets of criteria: grounds and priority criteria", () => {
      const all = text(renderCaseBrief(caseBrief()));
      for (const s of ["Økt nytte", "Høyere alvorlighet", "Prioriteringskriteriene", "Nytte", "Alvorlighet", "Ressursbruk"]) {
        expect(all).toContain(s);
      }
    });

    it("lists every eligible member's position, with 'Ikke avgitt' when absent and the substitute's member", () => {
      const all = text(renderCaseBrief(caseBrief()));
      expect(all.match(/Ikke avgitt/g)).toHaveLength(2);
      expect(all).toContain("vara for Anne Midt");
      expect(all).toContain("Beslutningsdyktig: 6 stemmeberettigede (minst 4 kreves)");
      expect(all).toContain("Venter på standpunkt fra 2 medlemmer.");
      const en = text(renderCaseBrief(caseBrief({ locale: "en" })));
      expect(en.match(/Not stated/g)).toHaveLength(2);
    });

    it("lists the recused with their reason", () => {
      const all = text(renderCaseBrief(caseBrief()));
      expect(all).toContain("Ola Vestland – Saken gjelder eget helseforetak");
    });

    it("marks an urgent case", () => {
      expect(text(renderCaseBrief(caseBrief({ urgent: true })))).toContain("HASTESAK");
      expect(text(renderCaseBrief(caseBrief({ urgent: false })))).not.toContain("HASTESAK");
    });

    it("has no hard-coded language: the English card has no bokmål labels", () => {
      const all = text(renderCaseBrief(caseBrief({ locale: "en", viewer: viewerFor("eligible") })));
      for (const s of ["Standpunkt", "Innvilge", "Avslå", "Metode", "Kostnader", "Inhabile", "Ikke avgitt"]) {
        expect(all).not.toContain(s);
      }
    });

    it("carries nothing from the view that is not meant to be shown", () => {
      const view = {
        ...caseBrief(),
        patientName: "Ola Pasient",
        nationalId: "01017012345",
        viewer: { kind: "eligible" as const, name: "Kari Secret-Viewer-Name", aadObjectId: "aad-secret-0000" },
        applyingHf: { name: "Helse Bergen HF", region: "Helse Vest RHF", contactEmail: "fagdirektor@secret.example" },
        cost: { price: 1, confidential: true, internalRef: "SECRET-INTERNAL-REF" },
      } as unknown as CaseBriefView;
      const json = JSON.stringify(renderCaseBrief(view));
      for (const secret of ["Ola Pasient", "01017012345", "Secret-Viewer-Name", "aad-secret", "secret.example", "SECRET-INTERNAL-REF"]) {
        expect(json).not.toContain(secret);
      }
    });

    it("does not evaluate template expressions found in the data", () => {
      const card = renderCaseBrief(
        caseBrief({ method: { name: "${meetingId} ${if(true, 'x', 'y')}", nyeMetoderId: "ID1", beslutningsforumDate: "2025-01-01" } }),
      );
      expect(text(card)).toContain("${meetingId} ${if(true, 'x', 'y')}");
    });
  });

  describe("size", () => {
    it("keeps the largest realistic case under 28 KB, with the truncation note", () => {
      for (const locale of LOCALES) {
        for (const kind of VIEWER_KINDS) {
          const card = renderCaseBrief(largestCase({ locale, viewer: viewerFor(kind) }));
          expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
          const note = locale === "nb" ? "Teksten er forkortet – se saksunderlaget" : "Text shortened – see the case papers";
          expect(text(card)).toContain(note);
          expect(allText(card).filter((s) => s.includes("…")).length).toBeGreaterThan(0);
        }
      }
    });

    it("keeps all 16 positions and the actions of the largest case", () => {
      const card = renderCaseBrief(largestCase());
      expect(text(card).match(/Medlem Nummer \d+/g)).toHaveLength(16);
      expect(verbs(card)).toEqual(["position", "position", "position", "declareConflict"]);
    });

    it("does not shorten a case that fits", () => {
      const card = renderCaseBrief(caseBrief());
      expect(text(card)).not.toContain("forkortet");
    });

    it("never throws and stays under the limit for absurd input", () => {
      const huge = "x".repeat(200_000);
      const card = renderCaseBrief(
        largestCase({
          code: huge,
          method: { name: huge, nyeMetoderId: huge, beslutningsforumDate: huge },
          applyingHf: { name: huge, region: huge },
          grounds: Array.from({ length: 50 }, () => ({ ground: "increasedBenefit" as const, reasoning: huge })),
          recused: Array.from({ length: 500 }, () => ({ name: huge, reason: "declared" as const, detail: huge })),
          positions: Array.from({ length: 500 }, () => ({ name: huge, position: "grant" as const, standingInFor: huge })),
          refreshUserIds: refreshIds(10_000),
        }),
      );
      expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      expect(checkCard(card)).toEqual({ parseEvents: [], validationFailures: [] });
    });
  });
});
