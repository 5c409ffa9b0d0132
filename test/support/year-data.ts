/**
 * A year of realistic register data (issue 15), deterministic (a seeded PRNG):
 * about 40 applications from all four regions and many of their HFs, on a
 * handful of methods (Nye metoder ids), some decided in more than one region
 * with different outcomes (so the equal-treatment flags fire), grounds, urgent
 * cases on extra meetings, returns for more information with the completeness
 * items named, deferrals (for want of consensus, and for want of quorum),
 * a meeting every other Friday with start and end times and attendance,
 * decision records confirmed, routed to the HF and acknowledged.
 *
 * planYear() says what the year holds (tests compute their expectations from
 * the plan, never from the report); writeYear() puts it in a store through the
 * real repositories (h.svc, or repositories(t.store)); seedYear() does both.
 *
 *   const plan = await seedYear(repositories(t.store), demoRoster());
 *
 * Used by test/app/report-year.test.ts, the bench (test/tools/bench.ts) and
 * free for the follow-up and precedent tests. Prices are set on every case
 * (YEAR_PRICE) so that tests can check no price leaks into the register.
 */
import { DateTime } from "luxon";
import type { Repositories } from "../../src/app/ports.js";
import type { CaseOutcome } from "../../src/app/coordinator/report.js";
import { addWorkingDays, extraMeetingProposal, isWorkingDay } from "../../src/domain/calendar.js";
import type { Case, CaseReturn, CaseStatus, Ground } from "../../src/domain/case.js";
import { approve, confirm, draftDecisionRecord, type GroundAssessment } from "../../src/domain/decision-record.js";
import type { Conclusion, Meeting } from "../../src/domain/meeting.js";
import type { Roster } from "../../src/domain/roster.js";
import { completeRequirements } from "../domain/fixtures.js";

const OSLO = "Europe/Oslo";
/** A price on every generated case, distinctive enough to search for: it must never appear in the register. */
export const YEAR_PRICE = 4_567_891;
export const YEAR_TREATMENT_COST = 9_876_543;

/** The methods applied for: a Nye metoder id, a name, and how likely a grant is. */
export const YEAR_METHODS = [
  { nyeMetoderId: "ID2023_045", name: "Pembrolizumab (subgruppe)", grant: 0.6 },
  { nyeMetoderId: "ID2022_112", name: "Olaparib vedlikehold", grant: 0.5 },
  { nyeMetoderId: "ID2021_078", name: "Onasemnogen abeparvovek", grant: 0.4 },
  { nyeMetoderId: "ID2024_019", name: "Tafamidis", grant: 0.5 },
  { nyeMetoderId: "ID2023_201", name: "Risdiplam", grant: 0.7 },
  { nyeMetoderId: "ID2020_055", name: "Nusinersen voksne", grant: 0.3 },
  { nyeMetoderId: "ID2024_133", name: "Trastuzumab deruxtekan", grant: 0.6 },
] as const;

/** Completeness items a return names (catalog keys). */
const RETURN_ITEMS = [
  "completeness.attachmentMissing",
  "completeness.priceCheckMissing",
  "completeness.patientConsentMissing",
  "completeness.fagdirektorApprovalMissing",
  "completeness.regionalHospitalReviewMissing",
] as const;

export interface YearCasePlan {
  code: string;
  hfId: string;
  regionId: string;
  methodId: string;
  methodName: string;
  grounds: Ground[];
  urgent: boolean;
  outcome: CaseOutcome;
  /** The completeness items of each return, in order. */
  returns: string[][];
  /** Each deferral in order, by why. */
  deferrals: ("notQuorate" | "noConsensus")[];
  receivedAt: string;
  readyAt?: string;
  decidedAt?: string;
  acknowledgedAt?: string;
  /** The meetings the case was on, in order (the last decided it, when decided). */
  meetingIds: string[];
  groupLevelProposal: boolean;
  status: CaseStatus;
}

export interface YearPlan {
  year: number;
  cases: YearCasePlan[];
  meetings: (Meeting & { presentMembers: string[] })[];
}

/** mulberry32: small, fast, good enough for test data, and the same everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (date: string, time: string): string => DateTime.fromISO(`${date}T${time}`, { zone: OSLO }).toISO({ suppressMilliseconds: true })!;

/**
 * Plans the year. `count` applications (default 40); the same seed always
 * gives the same year. Applications come from every region, weighted roughly
 * by population, and two methods are set to be decided differently across
 * regions (ID2023_045: granted in Helse Vest, rejected in Helse Nord;
 * ID2022_112: granted in Helse Sør-Øst, rejected in Helse Midt-Norge).
 */
export function planYear(roster: Roster, options: { year?: number; seed?: number; count?: number } = {}): YearPlan {
  const year = options.year ?? 2025;
  const count = options.count ?? 40;
  const rnd = prng(options.seed ?? 2025_15);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const members = roster.people.filter((p) => p.role === "member");

  // A meeting every other Friday (the working day before when Friday is a holiday), 09:00 Oslo.
  const meetings: YearPlan["meetings"] = [];
  let friday = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: OSLO });
  while (friday.weekday !== 5) friday = friday.plus({ days: 1 });
  for (let d = friday; d.year === year; d = d.plus({ weeks: 2 })) {
    let day = d;
    while (!isWorkingDay(day.toISODate()!)) day = day.minus({ days: 1 });
    meetings.push(meetingOn(day.toISODate()!, "regular"));
  }
  function meetingOn(date: string, kind: Meeting["kind"]): YearPlan["meetings"][number] {
    const absent = new Set([pick(members).id, ...(rnd() < 0.3 ? [pick(members).id] : [])]);
    const startedAt = at(date, `09:0${Math.floor(rnd() * 5)}`);
    const minutes = kind === "extra" ? 30 + Math.floor(rnd() * 30) : 70 + Math.floor(rnd() * 60); // now and then over the two hours
    return {
      id: `M-${date}`,
      date,
      startsAt: at(date, "09:00"),
      kind,
      agenda: [],
      startedAt,
      endedAt: DateTime.fromISO(startedAt).plus({ minutes }).setZone(OSLO).toISO({ suppressMilliseconds: true })!,
      presentMembers: members.filter((m) => !absent.has(m.id)).map((m) => m.id),
    };
  }

  // Regions weighted roughly by population; HFs within a region at random.
  const regionWeights: [string, number][] = [
    ["helse-sor-ost", 0.5],
    ["helse-vest", 0.22],
    ["helse-midt-norge", 0.16],
    ["helse-nord", 0.12],
  ];
  const regionOf = (i: number): string => {
    // The first eight cover every region twice, so none is empty whatever the seed.
    if (i < 8) return regionWeights[i % 4]![0];
    let x = rnd();
    for (const [id, w] of regionWeights) if ((x -= w) < 0) return id;
    return "helse-sor-ost";
  };
  const forced: Record<number, { methodId: string; region: string; outcome: "granted" | "rejected" }> = {
    1: { methodId: "ID2023_045", region: "helse-vest", outcome: "granted" },
    3: { methodId: "ID2023_045", region: "helse-nord", outcome: "rejected" },
    4: { methodId: "ID2022_112", region: "helse-sor-ost", outcome: "granted" },
    6: { methodId: "ID2022_112", region: "helse-midt-norge", outcome: "rejected" },
  };

  const cases: YearCasePlan[] = [];
  const lastDay = `${year}-12-31`;
  for (let i = 0; i < count; i++) {
    const f = forced[i];
    const regionId = f?.region ?? regionOf(i);
    const hfs = roster.hfs.filter((h) => h.region === regionId);
    const hf = pick(hfs);
    const method = f ? YEAR_METHODS.find((m) => m.nyeMetoderId === f.methodId)! : pick(YEAR_METHODS);
    // Received through the year, in order: about one a week and a bit, on working days, office hours.
    let received = DateTime.fromObject({ year, month: 1, day: 6 }, { zone: OSLO }).plus({ days: Math.floor((i * 355) / count) + Math.floor(rnd() * 5) });
    while (!isWorkingDay(received.toISODate()!)) received = received.plus({ days: 1 });
    const receivedAt = at(received.toISODate()!, `${String(8 + Math.floor(rnd() * 7)).padStart(2, "0")}:${String(Math.floor(rnd() * 60)).padStart(2, "0")}`);
    const urgent = !f && rnd() < 0.12;
    const grounds: Ground[] =
      rnd() < 0.5 ? ["increasedBenefit"] : rnd() < 0.5 ? ["higherSeverity"] : rnd() < 0.5 ? ["specialMedicalReasons"] : ["increasedBenefit", "higherSeverity"];
    const plan: YearCasePlan = {
      code: `TO-${year}-${String(i + 1).padStart(3, "0")}`,
      hfId: hf.id,
      regionId,
      methodId: method.nyeMetoderId,
      methodName: method.name,
      grounds,
      urgent,
      outcome: "pending",
      returns: [],
      deferrals: [],
      receivedAt,
      meetingIds: [],
      groupLevelProposal: false,
      status: "completenessCheck",
    };
    cases.push(plan);

    // The completeness check: now and then back to the HF first (never for the forced ones, nor urgent ones).
    let readyDay = addWorkingDays(receivedAt, 1 + Math.floor(rnd() * 3));
    const returned = !f && !urgent && rnd() < 0.18;
    if (returned) {
      const items = [pick(RETURN_ITEMS), ...(rnd() < 0.3 ? [pick(RETURN_ITEMS)] : [])];
      plan.returns.push([...new Set(items)]);
      readyDay = addWorkingDays(readyDay, 3 + Math.floor(rnd() * 6));
      // The last applications of the year still wait for the HF's answer at the year's end.
      if (readyDay > lastDay || i >= count - 2) {
        plan.outcome = "returned";
        plan.status = "returned";
        continue;
      }
    }
    plan.readyAt = at(readyDay, "10:00");

    // Its meeting: an extra meeting for an urgent case, else the first regular one at least two working days after ready (the papers).
    let meeting: YearPlan["meetings"][number] | undefined;
    if (urgent) {
      const date = extraMeetingProposal(receivedAt).meetingDate;
      if (date <= lastDay) {
        meeting = meetings.find((m) => m.date === date) ?? meetingOn(date, "extra");
        if (!meetings.includes(meeting)) meetings.push(meeting);
        plan.readyAt = at(addWorkingDays(receivedAt, 1), "09:00");
      }
    } else meeting = meetings.find((m) => m.kind === "regular" && m.date >= addWorkingDays(readyDay, 2));
    if (!meeting) {
      plan.status = "ready";
      continue;
    }
    plan.meetingIds.push(meeting.id);

    // Deferred now and then: for want of consensus, or once (case 9) for want of quorum; decided at the next meeting.
    const deferred = !f && !urgent && (i === 9 || rnd() < 0.15);
    if (deferred) {
      plan.deferrals.push(i === 9 ? "notQuorate" : "noConsensus");
      const next = meetings.find((m) => m.kind === "regular" && m.date > meeting!.date);
      if (!next) {
        plan.outcome = "deferred";
        plan.status = "deferred";
        continue;
      }
      meeting = next;
      plan.meetingIds.push(meeting.id);
    }
    const outcome = f?.outcome ?? (rnd() < method.grant ? "granted" : "rejected");
    plan.outcome = outcome;
    plan.decidedAt = at(meeting.date, "10:30");
    plan.groupLevelProposal = outcome === "granted" && grounds.includes("increasedBenefit") && rnd() < 0.5;
    // Acknowledged by the HF one to three working days after the record went (the working day after the meeting); not yet for the year's last.
    const ack = addWorkingDays(meeting.date, 2 + Math.floor(rnd() * 2));
    if (urgent) plan.acknowledgedAt = at(addWorkingDays(meeting.date, 1), "14:00");
    else if (ack <= lastDay) plan.acknowledgedAt = at(ack, "11:00");
    plan.status = plan.acknowledgedAt ? "acknowledged" : "routed";
  }
  meetings.sort((a, b) => a.date.localeCompare(b.date));
  for (const m of meetings) m.agenda = cases.filter((c) => c.meetingIds.includes(m.id)).map((c) => c.code);
  return { year, cases, meetings };
}

/** Writes the plan through the repositories: cases, meetings with attendance, conclusions, records confirmed and their routing. */
export async function writeYear(repos: Pick<Repositories, "cases" | "meetings" | "records">, roster: Roster, plan: YearPlan): Promise<void> {
  const members = roster.people.filter((p) => p.role === "member");
  const hfContact = (hfId: string) => roster.people.find((p) => p.role === "hfContact" && p.hfId === hfId)?.id;

  for (const m of plan.meetings) {
    const { presentMembers, ...meeting } = m;
    await repos.meetings.add(meeting);
    for (const id of presentMembers)
      await repos.meetings.changeAttendance(m.id, id, () => ({ personId: id, present: true, source: "event", at: m.startedAt! }));
    await repos.meetings.changeAttendance(m.id, "chair", () => ({ personId: "chair", present: true, source: "event", at: m.startedAt! }));
  }

  for (const p of plan.cases) {
    const method = YEAR_METHODS.find((x) => x.nyeMetoderId === p.methodId)!;
    const returns: CaseReturn[] = p.returns.map((missing, k) => ({ at: at(addWorkingDays(p.receivedAt, 2 + k), "12:00"), by: "coord", missing }));
    const theCase: Case = {
      id: p.code,
      code: p.code,
      method: { name: method.name, nyeMetoderId: method.nyeMetoderId, beslutningsforumDate: "2024-03-18" },
      applyingHfId: p.hfId,
      grounds: p.grounds.map((ground) => ({ ground, reasoning: "Pasienten skiller seg klinisk fra gruppen; se vedlagt publisert studie og journalnotat." })),
      priority: { benefit: "Forventet vesentlig gevinst", severity: "Høy", resourceUse: "Se kostnadsoverslaget" },
      cost: { currency: "NOK", price: YEAR_PRICE, treatmentCost: YEAR_TREATMENT_COST, confidential: true },
      urgent: p.urgent,
      attachments: [{ title: "Publisert studie", ref: `doc://archive/${p.code}` }],
      approvedByFagdirektor: true,
      requirements: completeRequirements(),
      receivedAt: p.receivedAt,
      status: p.status,
      returns,
      ...(p.meetingIds.length ? { meetingId: p.meetingIds.at(-1)! } : {}),
      ...(p.outcome === "granted" || p.outcome === "rejected" ? { outcome: p.outcome } : {}),
      ...(p.readyAt ? { readyAt: p.readyAt } : {}),
      ...(p.decidedAt ? { decidedAt: p.decidedAt } : {}),
      ...(p.acknowledgedAt ? { acknowledgedAt: p.acknowledgedAt } : {}),
    };
    await repos.cases.add(theCase);

    const ownHfMembers = members.filter((m) => m.hfId === p.hfId).map((m) => m.id); // recused: their own HF
    for (const [k, meetingId] of p.meetingIds.entries()) {
      const meeting = plan.meetings.find((m) => m.id === meetingId)!;
      const eligible = meeting.presentMembers.filter((id) => !ownHfMembers.includes(id));
      const why = p.deferrals[k];
      const participants = why === "notQuorate" ? eligible.slice(0, 3) : eligible;
      const conclusion: Conclusion = {
        caseId: p.code,
        meetingId,
        result: why ? "deferred" : (p.outcome as "granted" | "rejected"),
        ...(why ? { reason: why === "notQuorate" ? "For få medlemmer kunne delta." : "Komiteen kom ikke fram til konsensus." } : {}),
        by: "chair",
        at: at(meeting.date, "10:30"),
        participants,
        recused: ownHfMembers.filter((id) => meeting.presentMembers.includes(id)).map((personId) => ({ personId, reason: "ownHf" })),
      };
      await repos.meetings.addConclusion(conclusion);
      if (why) continue;

      const assessments: GroundAssessment[] = p.grounds.map((ground) => ({
        ground,
        finding: p.outcome === "granted" ? "met" : "notMet",
        comment: p.outcome === "granted" ? "Dokumentert i søknaden." : "Ikke sannsynliggjort.",
      }));
      const draft = draftDecisionRecord({
        case: theCase,
        roster,
        meeting,
        conclusion,
        assessments,
        reasoning:
          p.outcome === "granted"
            ? "Prioriteringskriteriene er sannsynligvis oppfylt for denne pasienten."
            : "Kriteriene for klinisk eksepsjonalitet er ikke oppfylt.",
        groupLevelProposal: p.groupLevelProposal,
        // Issue 14: the findings on the three priority criteria (a grant has them all met; a rejection rests on benefit not met).
        criteria: {
          benefit: { finding: p.outcome === "granted" ? "met" : "notMet", comment: "" },
          severity: { finding: "met", comment: "" },
          resourceUse: { finding: "met", comment: "" },
        },
        draftedBy: "coord",
        at: at(meeting.date, "14:00"),
      });
      if (!draft.ok) throw new Error(`year data: ${p.code} record not drafted: ${draft.reason.code}`);
      const sentAt = at(addWorkingDays(meeting.date, 1), "09:00");
      const checked = confirm(draft.value, "coord", sentAt);
      if (!checked.ok) throw new Error(`year data: ${p.code} record not confirmed: ${checked.reason.code}`);
      const confirmed = approve(checked.value, "chair", sentAt); // issue 14: the chair approves before routing
      if (!confirmed.ok) throw new Error(`year data: ${p.code} record not approved: ${confirmed.reason.code}`);
      await repos.records.add(confirmed.value);
      const recipientId = hfContact(p.hfId);
      await repos.records.changeRouting(p.code, confirmed.value.id, () => ({
        caseId: p.code,
        recordId: confirmed.value.id,
        ...(recipientId ? { recipientId } : {}),
        state: p.acknowledgedAt ? "acknowledged" : "sent",
        sentAt,
        ...(p.acknowledgedAt ? { acknowledgedAt: p.acknowledgedAt, ...(recipientId ? { acknowledgedBy: recipientId } : {}) } : {}),
        attempts: [{ at: sentAt, ok: true }],
      }));
    }
  }
}

/** Plans the year and writes it; answers the plan. */
export async function seedYear(
  repos: Pick<Repositories, "cases" | "meetings" | "records">,
  roster: Roster,
  options: { year?: number; seed?: number; count?: number } = {},
): Promise<YearPlan> {
  const plan = planYear(roster, options);
  await writeYear(repos, roster, plan);
  return plan;
}
