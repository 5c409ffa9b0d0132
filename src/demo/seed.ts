/**
 * Demo data for the local run: a meeting on the day of the first start
 * (Europe/Oslo, 13:00) with three cases on its agenda — one from a committee
 * member's own HF (Helse Fonna), so a recusal shows and the member's substitute
 * can stand in — and the next two meetings of the fortnightly series. Seeded
 * once per store: a store that has cases already (the demo's, decided or not,
 * or real ones) gets nothing, so a start on a later day does not put the demo
 * cases on a second meeting.
 */
import { DateTime } from "luxon";
import type { Case } from "../domain/case.js";
import type { Meeting } from "../domain/meeting.js";
import { meetingIdFor } from "../domain/calendar.js";
import type { Repositories } from "../app/ports.js";

export { meetingIdFor };

/**
 * Today's meeting at 13:00 Oslo (even on a weekend or a holiday: the demo is played today) and the next two
 * of its fortnightly series, 14 and 28 days later at the same time (the tests count on those dates).
 */
export function demoMeetings(now: Date): Meeting[] {
  const today = DateTime.fromJSDate(now).setZone("Europe/Oslo").startOf("day");
  return [0, 14, 28].map((offset) => {
    const day = today.plus({ days: offset });
    const date = day.toISODate()!;
    return {
      id: meetingIdFor(date),
      date,
      startsAt: day.set({ hour: 13 }).toISO()!,
      kind: "regular" as const,
      agenda: offset === 0 ? demoCaseIds(now) : [],
    };
  });
}

function demoCaseIds(now: Date): string[] {
  const y = DateTime.fromJSDate(now).setZone("Europe/Oslo").year;
  return [`TO-${y}-001`, `TO-${y}-002`, `TO-${y}-003`];
}

export function demoCases(now: Date): Case[] {
  const zone = DateTime.fromJSDate(now).setZone("Europe/Oslo");
  const [a, b, c] = demoCaseIds(now) as [string, string, string];
  const meetingId = meetingIdFor(zone.toISODate()!);
  const daysAgo = (d: number) => zone.minus({ days: d }).set({ hour: 10 }).toUTC().toISO()!;
  const common = {
    status: "onAgenda" as const,
    meetingId,
    returns: [],
    approvedByFagdirektor: true,
    // Issue 13: what the source requires of an application, all stated.
    requirements: {
      patientConsent: true,
      sentByTreatingHfOrRegionalHospital: true,
      reviewedWithRegionalHospital: false,
      clearedWithCatchmentHf: true,
      priceCheckedBySykehusinnkjop: true,
      notMarketedInNorway: false,
      availabilityAndPriceClarified: false,
      reassessment: false,
    },
  };
  return [
    {
      ...common,
      id: a,
      code: a,
      method: { name: "Nusinersen til voksne med spinal muskelatrofi type 3", nyeMetoderId: "ID2023_045", beslutningsforumDate: "2024-03-18" },
      applyingHfId: "helse-fonna",
      grounds: [
        {
          ground: "increasedBenefit",
          reasoning:
            "Pasienten har en dokumentert respons på tidligere behandling og en genetisk profil som i en publisert studie er assosiert med vesentlig bedre effekt enn gjennomsnittet i gruppen Beslutningsforum vurderte.",
        },
      ],
      priority: {
        benefit: "Forventet stabilisering av motorisk funksjon; dokumentert i publisert kohortstudie.",
        severity: "Progredierende sykdom med betydelig funksjonstap.",
        resourceUse: "Behandlingskostnad per år er høy; engangs oppstart og vedlikeholdsdoser.",
      },
      cost: { currency: "NOK", price: 798_000, treatmentCost: 2_394_000, confidential: true, note: "Pris fra Sykehusinnkjøp, konfidensiell" },
      urgent: false,
      attachments: [
        { title: "Søknadsskjema signert av fagdirektør", ref: "doc-001" },
        { title: "Epikrise og funksjonsmålinger", ref: "doc-002" },
      ],
      receivedAt: daysAgo(21),
      readyAt: daysAgo(14),
    },
    {
      ...common,
      id: b,
      code: b,
      method: { name: "CAR-T-behandling ved residiverende follikulært lymfom", nyeMetoderId: "ID2022_112", beslutningsforumDate: "2023-11-20" },
      applyingHfId: "sykehuset-innlandet",
      grounds: [
        {
          ground: "specialMedicalReasons",
          reasoning: "Tilgjengelig standardbehandling kan ikke gis på grunn av alvorlig hjertesvikt; pasienten forventes å respondere bedre.",
        },
        { ground: "higherSeverity", reasoning: "Ung pasient med stort absolutt prognosetap sammenlignet med gruppen." },
      ],
      priority: {
        benefit: "Mulighet for langvarig remisjon.",
        severity: "Høy alvorlighet, forventet kort levetid uten behandling.",
        resourceUse: "Engangsbehandling med høy kostnad; sykehusopphold 3–4 uker.",
      },
      cost: { currency: "NOK", treatmentCost: 3_100_000, confidential: false },
      urgent: false,
      attachments: [{ title: "Søknadsskjema", ref: "doc-003" }],
      receivedAt: daysAgo(18),
      readyAt: daysAgo(12),
    },
    {
      ...common,
      id: c,
      code: c,
      method: { name: "Enzymerstatningsterapi ved sjelden metabolsk sykdom", nyeMetoderId: "ID2021_019", beslutningsforumDate: "2022-06-13" },
      applyingHfId: "helse-stavanger",
      grounds: [{ ground: "higherSeverity", reasoning: "Rask progresjon siste tre måneder; vesentlig yngre enn gruppen i metodevurderingen." }],
      priority: {
        benefit: "Forventet bremset progresjon.",
        severity: "Svært alvorlig tilstand.",
        resourceUse: "Livslang behandling; årlig kostnad høy.",
      },
      cost: { currency: "NOK", price: 45_000, treatmentCost: 1_170_000, confidential: true },
      urgent: true,
      attachments: [
        { title: "Søknadsskjema", ref: "doc-004" },
        { title: "Journalnotat", ref: "doc-005" },
      ],
      receivedAt: daysAgo(6),
      readyAt: daysAgo(5),
    },
  ];
}

/**
 * Seeds the demo meetings and cases into a store that has no cases yet; a store with cases gets nothing
 * (`seeded: false`). The meetings go first, so that no case ever points to a meeting that is not there.
 */
export async function seedDemo(repos: Pick<Repositories, "meetings" | "cases">, now: Date): Promise<{ seeded: boolean; meetings: number; cases: number }> {
  if ((await repos.cases.codes()).length > 0) return { seeded: false, meetings: 0, cases: 0 };
  let meetings = 0;
  let cases = 0;
  for (const m of demoMeetings(now)) if ((await repos.meetings.add(m)) === "created") meetings++;
  for (const c of demoCases(now)) if (await repos.cases.add(c)) cases++;
  return { seeded: true, meetings, cases };
}
