/**
 * The register and evaluation report (000 §1, §10): whether the arrangement
 * is used, fair across regions and HFs, and quick. Plain numbers only: the
 * ReportView has no field for a price, so none can show, and no patient data.
 */
import type { Ground } from "../domain/case.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { count, factRows, fitCard, str, translator } from "./fit.js";
import template from "./templates/report.json" with { type: "json" };

export interface ReportCountsRow {
  name: string; // region (RHF) or HF display name
  cases: number;
  granted: number;
  rejected: number;
}

export type LeadTime = "receivedToReady" | "readyToDecided" | "receivedToDecided" | "decidedToRouted" | "routedToAcknowledged";

export interface ReportView {
  locale: Locale;
  period: { from: string; to: string }; // ISO dates
  generatedAt: string;
  cases: number; // applications received in the period
  byRegion: ReportCountsRow[];
  byHf: ReportCountsRow[];
  outcomes: { granted: number; rejected: number; deferred: number; returned: number; pending: number };
  grounds: { ground: Ground; claimed: number; met: number }[];
  /** Median lead times in working days (Norwegian public holidays excluded); null when there is no data. */
  leadTimes: Partial<Record<LeadTime, number | null>>;
  /** Issue 13: the median lead times of urgent cases (hastesaker) apart; absent: not shown. */
  urgentLeadTimes?: Partial<Record<LeadTime, number | null>>;
  meetings: { held: number; extra: number };
  /** Issue 13: the length of the meetings held, in minutes (the source's limit is two hours); absent: none known. */
  meetingMinutes?: { average: number; longest: number };
  attendance: { averagePresent: number; members: number };
  notDecidedForWantOfQuorum: number;
  groupLevelProposals: number;
}

const LEAD_TIMES: LeadTime[] = ["receivedToReady", "readyToDecided", "receivedToDecided", "decidedToRouted", "routedToAcknowledged"];
const LIMITS = [
  { rows: 40, text: 80 },
  { rows: 20, text: 50 },
  { rows: 10, text: 40 },
] as const;

export function renderReport(view: ReportView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => reportData(view, limit), { locale: view.locale, title: () => tr("report.title") });
}

function reportData(view: ReportView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const num = (n: unknown) => String(count(n));
  const decided = count(view.outcomes?.granted) + count(view.outcomes?.rejected);
  const columns = [{ label: tr("report.col.cases") }, { label: tr("report.col.granted") }, { label: tr("report.col.rejected") }];
  const table = (heading: string, all: ReportCountsRow[] | undefined) => {
    const list = Array.isArray(all) ? all : [];
    const rows = list.slice(0, limit.rows).map((r) => ({
      label: short(r.name),
      cells: [{ text: num(r.cases) }, { text: num(r.granted) }, { text: num(r.rejected) }],
    }));
    const omitted = list.length - rows.length;
    return { heading, columns, rows, hasOmitted: omitted > 0, omittedText: tr("report.omitted", { count: omitted }) };
  };
  const median = (lt: LeadTime, of = view.leadTimes) => {
    const v = of?.[lt];
    if (typeof v !== "number" || !Number.isFinite(v)) return tr("report.noData");
    return tr("report.days", { days: (Math.round(Math.max(0, v) * 10) / 10).toLocaleString(L === "nb" ? "nb-NO" : "en-GB") });
  };
  const members = count(view.attendance?.members);
  const average = Math.max(0, Number(view.attendance?.averagePresent) || 0);
  const percent = members > 0 ? Math.round((average / members) * 100) : 0;
  const avgText = (Math.round(average * 10) / 10).toLocaleString(L === "nb" ? "nb-NO" : "en-GB");
  return {
    title: tr("report.title"),
    subtitle: `${tr("report.period", { from: formatDate(L, short(view.period?.from)), to: formatDate(L, short(view.period?.to)) })} · ${tr("report.generated", { date: formatDate(L, short(view.generatedAt)) })}`,
    headline: [
      { value: num(view.cases), label: tr("report.headline.cases") },
      { value: String(decided), label: tr("report.headline.decided") },
      { value: num(view.meetings?.held), label: tr("report.headline.meetings") },
      { value: num(view.groupLevelProposals), label: tr("report.headline.groupLevel") },
    ],
    tables: [table(tr("report.byRegion"), view.byRegion), table(tr("report.byHf"), view.byHf)],
    factSections: [
      {
        heading: tr("report.outcomes"),
        facts: factRows([
          { title: tr("result.granted"), value: num(view.outcomes?.granted) },
          { title: tr("result.rejected"), value: num(view.outcomes?.rejected) },
          { title: tr("result.deferred"), value: num(view.outcomes?.deferred) },
          { title: tr("report.outcome.returned"), value: num(view.outcomes?.returned) },
          { title: tr("report.outcome.pending"), value: num(view.outcomes?.pending) },
        ]),
      },
      {
        heading: tr("report.grounds"),
        facts: factRows(
          (Array.isArray(view.grounds) ? view.grounds : []).map((g) => ({
            title: tr(`ground.${g.ground}`),
            value: tr("report.groundRow", { claimed: count(g.claimed), met: count(g.met) }),
          })),
        ),
      },
      { heading: tr("report.leadTimes"), facts: factRows(LEAD_TIMES.map((lt) => ({ title: tr(`report.lead.${lt}`), value: median(lt) }))) },
      ...(view.urgentLeadTimes
        ? [
            {
              heading: tr("report.urgentLeadTimes"),
              facts: factRows(LEAD_TIMES.map((lt) => ({ title: tr(`report.lead.${lt}`), value: median(lt, view.urgentLeadTimes) }))),
            },
          ]
        : []),
    ],
    meetingsHeading: tr("report.meetings"),
    meetingLines: [
      { text: tr("report.meetingsHeld", { count: count(view.meetings?.held), extra: count(view.meetings?.extra) }) },
      { text: tr("report.attendance", { average: avgText, members, percent }) },
      ...(view.meetingMinutes
        ? [{ text: tr("report.meetingLength", { average: count(view.meetingMinutes.average), longest: count(view.meetingMinutes.longest) }) }]
        : []),
      { text: tr("report.noQuorum", { count: count(view.notDecidedForWantOfQuorum) }) },
      { text: tr("report.groupLevel", { count: count(view.groupLevelProposals) }) },
    ],
    privacyNote: tr("report.privacyNote"),
  };
}
