/** From the coordinator's use-case state to card views. */
import { defaultReviewDate, DEFAULT_FOLLOW_UP_MONTHS } from "../../domain/follow-up.js";
import type { PapersItem } from "../../app/notifier.js";
import type { Report } from "../../app/coordinator/report.js";
import type { Routing } from "../../app/coordinator/routing-state.js";
import { versionOf } from "../../app/coordinator/routing-state.js";
import { decisionRecipients, hfRef, nameOf } from "../../app/people.js";
import type { CaseListView } from "../../cards/checklist.js";
import type { ChecklistView } from "../../cards/checklist.js";
import type { PapersCase } from "../../cards/papers.js";
import type { RoutingStatusRow } from "../../cards/alerts.js";
import type { RecordCardView } from "../../cards/record.js";
import type { ReportView } from "../../cards/report.js";
import type { Case, Ground } from "../../domain/case.js";
import { GROUNDS } from "../../domain/case.js";
import { checkCompleteness } from "../../domain/completeness.js";
import { inOslo } from "../../domain/calendar.js";
import type { DecisionRecord } from "../../domain/decision-record.js";
import type { Roster } from "../../domain/roster.js";
import { t, type Locale } from "../../i18n/index.js";
import { PROPOSAL_STATUSES } from "../../domain/group-proposal.js";

export const hfName = (roster: Roster, hfId: string | undefined) => hfRef(roster, hfId).name;

/** What the checklist and the case list both show of a case. */
const caseSummary = (roster: Roster, c: Case) => ({
  caseId: c.id,
  code: c.code,
  methodName: c.method.name,
  applyingHfName: hfName(roster, c.applyingHfId),
  status: c.status,
  urgent: c.urgent,
  receivedAt: c.receivedAt,
});

export function papersCase(roster: Roster, item: PapersItem): PapersCase {
  const c = item.case;
  return {
    caseId: c.id,
    code: c.code,
    methodName: c.method.name,
    nyeMetoderId: c.method.nyeMetoderId,
    applyingHfName: hfName(roster, c.applyingHfId),
    ...(c.catchmentHfId && c.catchmentHfId !== c.applyingHfId ? { catchmentHfName: hfName(roster, c.catchmentHfId) } : {}),
    urgent: c.urgent,
    grounds: c.grounds.map((g) => g.ground),
    // Papers go to the committee, so confidential figures may show (marked) — but not on a case the
    // recipient is recused from: confidential prices only to those entitled (src/app/meeting-book.ts).
    cost:
      c.cost.confidential && item.recusal
        ? { confidential: true }
        : {
            confidential: c.cost.confidential,
            ...(c.cost.price !== undefined ? { price: c.cost.price } : {}),
            ...(c.cost.treatmentCost !== undefined ? { treatmentCost: c.cost.treatmentCost } : {}),
          },
    attachments: c.attachments.length,
    ...(item.recusal ? { recusal: item.recusal } : {}),
    ...(item.documents && item.documents.length > 0 ? { documents: item.documents } : {}),
  };
}

export function checklistView(roster: Roster, c: Case, locale: Locale): ChecklistView {
  return {
    locale,
    ...caseSummary(roster, c),
    returnsCount: c.returns.length,
    missing: checkCompleteness(c, roster),
  };
}

/** `routingFailed`: the cases whose decision record's latest send to the HF failed. */
export function caseListView(roster: Roster, cases: Case[], locale: Locale, title?: string, routingFailed: ReadonlySet<string> = new Set()): CaseListView {
  return {
    locale,
    ...(title ? { title } : {}),
    items: cases.map((c) => ({ ...caseSummary(roster, c), ...(routingFailed.has(c.id) ? { routingFailed: true } : {}) })),
  };
}

/** The applying HF's decision recipients as the record card names them (issue 14: the fagdirektør and deputies); null when the roster has nobody there. */
export function recordRecipient(roster: Roster, hfId: string | undefined): { name: string; hfName: string } | null {
  const recipients = hfId ? decisionRecipients(roster, hfId) : [];
  return recipients.length > 0 ? { name: recipients.map((p) => p.name).join(", "), hfName: hfName(roster, hfId) } : null;
}

export function recordView(roster: Roster, record: DecisionRecord, routing: Routing | undefined, locale: Locale, problems?: string[]): RecordCardView {
  return {
    locale,
    record,
    ...(record.confirmedBy ? { confirmedByName: nameOf(roster, record.confirmedBy) } : {}),
    ...(record.approvedBy ? { approvedByName: nameOf(roster, record.approvedBy) } : {}),
    recipient: recordRecipient(roster, record.applyingHf?.id),
    routing: routing
      ? {
          state: routing.state,
          ...(routing.sentAt ? { sentAt: routing.sentAt } : {}),
          ...(routing.acknowledgedAt ? { acknowledgedAt: routing.acknowledgedAt } : {}),
          ...(routing.failedAt ? { failedAt: routing.failedAt } : {}),
        }
      : { state: "pending" },
    ...(problems && problems.length ? { problems } : {}),
    // Issue 15: a grant's follow-up plan (the record's; one drafted before the plan existed shows the defaults).
    ...(record.outcome === "granted"
      ? {
          followUp: {
            plan: record.followUp ?? {
              startCriteria: "",
              stopCriteria: "",
              reporting: "",
              reviewDate: defaultReviewDate(record.meetingDate, DEFAULT_FOLLOW_UP_MONTHS),
              responsibleHfId: record.applyingHf.id,
            },
            hfs: roster.hfs.map((h) => ({ id: h.id, name: h.name })),
          },
        }
      : {}),
  };
}

export function routingRows(roster: Roster, routings: Routing[], cases: Map<string, Case>): RoutingStatusRow[] {
  return routings.map((r) => {
    const c = cases.get(r.caseId);
    // Another attempt cannot reach a recipient the roster (still) does not have.
    const retryable = !(r.failedReason === "notOnRoster" && recordRecipient(roster, c?.applyingHfId) === null);
    return {
      caseId: r.caseId,
      caseCode: c?.code ?? r.caseId,
      recordId: r.recordId,
      version: versionOf(r.recordId) || 1,
      recipientName: nameOf(roster, r.recipientId),
      hfName: hfName(roster, c?.applyingHfId),
      state: r.state,
      ...(r.sentAt ? { sentAt: r.sentAt } : {}),
      ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt } : {}),
      ...(r.failedAt ? { failedAt: r.failedAt } : {}),
      retryable,
    };
  });
}

/** The register report as the report card shows it; `records` are the latest confirmed record per case (for "met" per ground). */
/** Issue 15: the register's follow-up outcomes per method and the group-level proposals by status, as sections of the card and the PDF. */
function followUpSections(report: Report, locale: Locale): NonNullable<ReportView["extraSections"]> {
  const tr = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(locale, key, params);
  const outcomes = report.followUpOutcomes ?? [];
  return [
    {
      heading: tr("report.followUpOutcomes"),
      rows:
        outcomes.length === 0
          ? [{ label: tr("report.noFollowUps"), value: "" }]
          : outcomes.map((o) => ({
              label: `${o.nyeMetoderId} ${o.methodName}`,
              value: tr("report.followUpRow", {
                answered: o.answered,
                followUps: o.followUps,
                stopped: Object.values(o.stopped).reduce((a, b) => a + b, 0),
                asExpected: o.effect.asExpected,
              }),
            })),
    },
    {
      heading: tr("report.proposalsByStatus"),
      rows: PROPOSAL_STATUSES.map((status) => ({ label: tr(`proposal.status.${status}`), value: String(report.proposalsByStatus?.[status] ?? 0) })),
    },
  ];
}

export function reportView(report: Report, records: DecisionRecord[], locale: Locale, now: Date): ReportView {
  const dates = report.cases.map((c) => c.receivedDate).sort();
  const held = report.meetings.filter((m) => m.held);
  const met = (g: Ground) => records.filter((r) => r.grounds.some((x) => x.ground === g && x.finding === "met")).length;
  const median = (k: keyof Report["leadTimes"]) => report.leadTimes[k]?.median ?? null;
  const today = inOslo(now.toISOString()).toISODate()!; // the day in Oslo, not the UTC date
  return {
    locale,
    period: { from: report.period.from ?? dates[0] ?? today, to: report.period.to ?? today },
    generatedAt: now.toISOString(),
    cases: report.cases.length,
    byRegion: report.byRegion.map((r) => ({ name: r.regionName, cases: r.cases, granted: r.granted, rejected: r.rejected })),
    byHf: report.byHf.map((r) => ({ name: r.hfName, cases: r.cases, granted: r.granted, rejected: r.rejected })),
    outcomes: {
      granted: report.totals.granted,
      rejected: report.totals.rejected,
      deferred: report.totals.deferredNow,
      returned: report.cases.filter((c) => c.outcome === "returned").length,
      pending: report.cases.filter((c) => c.outcome === "pending").length,
    },
    grounds: GROUNDS.map((g) => ({ ground: g, claimed: report.grounds[g] ?? 0, met: met(g) })),
    leadTimes: {
      receivedToReady: median("receivedToReady"),
      readyToDecided: median("readyToDecided"),
      receivedToDecided: median("receivedToDecided"),
    },
    urgentLeadTimes: {
      receivedToReady: report.urgentLeadTimes.receivedToReady.median ?? null,
      readyToDecided: report.urgentLeadTimes.readyToDecided.median ?? null,
      receivedToDecided: report.urgentLeadTimes.receivedToDecided.median ?? null,
    },
    meetings: { held: report.meetingsHeld, extra: held.filter((m) => m.kind === "extra").length },
    ...meetingMinutes(held.flatMap((m) => (m.minutes === undefined ? [] : [m.minutes]))),
    attendance: {
      averagePresent: held.length ? Math.round((held.reduce((s, m) => s + m.presentMembers + m.presentSubstitutes, 0) / held.length) * 10) / 10 : 0,
      members: 8,
    },
    notDecidedForWantOfQuorum: report.deferrals.notQuorate,
    groupLevelProposals: report.groupLevelProposals,
    ...reportDimensions(report),
    extraSections: followUpSections(report, locale),
  };
}

/** Issue 15: the register's dimensions as the card and the yearly PDF show them (names, counts; never a price). */
export function reportDimensions(
  report: Report,
): Pick<ReportView, "perCapita" | "populationYear" | "byMethod" | "urgency" | "returnsByReason" | "deferralsByReason" | "targets" | "equalTreatment"> {
  const flagged = new Set(report.equalTreatment.map((f) => f.methodId));
  return {
    perCapita: report.perCapita.map((r) => ({
      name: r.regionName,
      cases: r.cases,
      ...(r.population !== undefined ? { population: r.population } : {}),
      ...(r.per100k !== undefined ? { per100k: r.per100k } : {}),
    })),
    populationYear: report.populationSource.year,
    byMethod: report.byMethod.map((m) => ({
      methodId: m.methodId,
      name: m.methodName,
      cases: m.cases,
      granted: m.granted,
      rejected: m.rejected,
      flagged: flagged.has(m.methodId),
    })),
    urgency: { urgent: report.byUrgency.urgent.cases, regular: report.byUrgency.regular.cases },
    returnsByReason: report.returnsByReason,
    deferralsByReason: report.deferralsByReason,
    targets: report.targets,
    equalTreatment: report.equalTreatment.map((f) => ({
      methodId: f.methodId,
      name: f.methodName,
      regions: f.regions.map((r) => ({ name: r.regionName, granted: r.granted, rejected: r.rejected })),
    })),
  };
}

/** Issue 13: the meetings' length in the register (average and longest, minutes). */
function meetingMinutes(minutes: number[]): { meetingMinutes?: { average: number; longest: number } } {
  if (minutes.length === 0) return {};
  return { meetingMinutes: { average: Math.round(minutes.reduce((a, b) => a + b, 0) / minutes.length), longest: Math.max(...minutes) } };
}
