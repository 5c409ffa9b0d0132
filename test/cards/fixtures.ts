import type { CaseBriefView, ViewerKind } from "../../src/cards/case-brief.js";
import type { Locale } from "../../src/i18n/index.js";

export const MEETING_ID = "M-2026-11-27";
export const CASE_ID = "TO-2026-014";

export const refreshIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `29:1user-${i}`);

/** A realistic case brief: quorate, waiting for two members. */
export function caseBrief(overrides: Partial<CaseBriefView> = {}): CaseBriefView {
  return {
    locale: "nb",
    viewer: { kind: "eligible", name: "Kari Nordmann", ownPosition: "grant" },
    meetingId: MEETING_ID,
    caseId: CASE_ID,
    code: CASE_ID,
    status: "inMeeting",
    method: { name: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom", nyeMetoderId: "ID2023_045", beslutningsforumDate: "2025-03-12" },
    beslutningsforumDecision: "Atezolizumab innføres ikke til behandling av pasienter med ... Prisen er for høy i forhold til nytten.",
    applyingHf: { name: "Helse Bergen HF", region: "Helse Vest RHF" },
    catchmentHf: { name: "Helse Stavanger HF", region: "Helse Vest RHF" },
    urgent: true,
    grounds: [
      { ground: "increasedBenefit", reasoning: "Publisert studie viser vesentlig bedre respons i en undergruppe med denne biomarkøren." },
      { ground: "higherSeverity", reasoning: "Pasienten er vesentlig yngre enn gjennomsnittet i studiepopulasjonen; stort absolutt prognosetap." },
    ],
    priority: {
      benefit: "Forventet gevinst i levetid anslås til 1–2 år.",
      severity: "Alvorlig, livstruende sykdom.",
      resourceUse: "Behandlingen koster om lag 1,2 mill. kr per år.",
    },
    cost: { price: 123456, treatmentCost: 1234567, confidential: true, note: "Pris fra Sykehusinnkjøp." },
    attachments: 4,
    recused: [{ name: "Ola Vestland", reason: "ownHf" }],
    quorum: { quorate: true, eligibleCount: 6, minimum: 4 },
    positions: [
      { name: "Kari Nordmann", position: "grant" },
      { name: "Per Hansen", position: "grant" },
      { name: "Lise Berg", position: "grant" },
      { name: "Jon Midt", position: "grant", standingInFor: "Anne Midt" },
      { name: "Eva Nord" },
      { name: "Nils Sør" },
    ],
    consensus: { state: "waiting", outstandingCount: 2 },
    refreshUserIds: refreshIds(10),
    ...overrides,
  };
}

export const VIEWER_KINDS: ViewerKind[] = ["eligible", "recused", "chair", "coordinator", "observer", "absent", "guest"];
export const LOCALES: Locale[] = ["nb", "en"];

export function viewerFor(kind: ViewerKind): CaseBriefView["viewer"] {
  switch (kind) {
    case "eligible":
      return { kind, name: "Kari Nordmann", ownPosition: "grant" };
    case "recused":
      return { kind, name: "Ola Vestland", recusedReason: "ownHf" };
    default:
      return { kind };
  }
}

const words = (n: number, seed: string) =>
  Array.from({ length: Math.ceil(n / (seed.length + 1)) }, () => seed)
    .join(" ")
    .slice(0, n);

/** The largest realistic case: long texts everywhere, many recused, 16 positions. */
export function largestCase(overrides: Partial<CaseBriefView> = {}): CaseBriefView {
  return caseBrief({
    method: {
      name: "Pembrolizumab (Keytruda) i kombinasjon med lenvatinib (Lenvima) til behandling av voksne med avansert eller tilbakevendende endometriekarsinom som har progrediert etter tidligere platinabasert behandling",
      nyeMetoderId: "ID2021_118",
      beslutningsforumDate: "2024-06-17",
    },
    beslutningsforumDecision: words(3000, "Beslutningsforum innfører ikke metoden på gruppenivå."),
    grounds: [
      { ground: "increasedBenefit", reasoning: words(5000, "Økt nytte: publisert studie med «særlig god respons» – æøå.") },
      { ground: "higherSeverity", reasoning: words(5000, "Høyere alvorlighet: betydelig yngre enn gjennomsnittet.") },
      { ground: "specialMedicalReasons", reasoning: words(5000, "Særskilte medisinske årsaker: kan ikke gis standardbehandling.") },
    ],
    priority: {
      benefit: words(3000, "Nytte for pasienten vurderes som stor."),
      severity: words(3000, "Alvorlighet: tap av gode leveår."),
      resourceUse: words(3000, "Ressursbruk: høy pris per pakning."),
    },
    cost: { price: 98765, treatmentCost: 2345678, confidential: true, note: words(1000, "Konfidensiell pris fra Sykehusinnkjøp.") },
    recused: Array.from({ length: 6 }, (_, i) => ({
      name: `Fagdirektør Nummer ${i + 1} Med Et Langt Dobbeltnavn-Etternavn`,
      reason: i % 3 === 0 ? ("ownHf" as const) : i % 3 === 1 ? ("catchmentHf" as const) : ("declared" as const),
      ...(i % 3 === 2 ? { detail: words(500, "Har tidligere vært involvert i pasientens behandling.") } : {}),
    })),
    positions: Array.from({ length: 16 }, (_, i) => ({
      name: `Medlem Nummer ${i + 1} Langnavnsen-Fagdirektørsen`,
      ...(i % 4 === 3 ? {} : { position: (["grant", "reject", "defer"] as const)[i % 3] }),
      ...(i % 5 === 0 ? { standingInFor: `Fast Medlem ${i + 1} Som Er Fraværende` } : {}),
    })),
    consensus: { state: "dissent", outstandingCount: 4 },
    refreshUserIds: refreshIds(60),
    ...overrides,
  });
}
