/**
 * The register and evaluation report (000 §1, §10): whether the arrangement
 * is used, fair across regions and HFs, and quick. Plain numbers only: the
 * ReportView has no field for a price, so none can show, and no patient data.
 */
import type { Ground } from "../domain/case.js";
import { formatDate, hasMessage, type Locale, type MessageKey } from "../i18n/index.js";
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
  // ── issue 15 (wip/report): charts, per 100,000, methods, reasons, targets, equal treatment; all optional ──
  /** Cases per region with inhabitants and cases per 100,000 (SSB, populationYear). */
  perCapita?: { name: string; cases: number; population?: number; per100k?: number }[];
  populationYear?: number;
  byMethod?: { methodId: string; name: string; cases: number; granted: number; rejected: number; flagged: boolean }[];
  urgency?: { urgent: number; regular: number };
  /** Completeness item codes (catalog keys) and how many returns named them. */
  returnsByReason?: { item: string; count: number }[];
  deferralsByReason?: { notQuorate: number; noConsensus: number };
  targets?: { key: "regularReadyToDecided" | "urgentReceivedToAcknowledged"; targetDays: number; count: number; within: number }[];
  /** The same method decided differently across regions in the period. */
  equalTreatment?: { methodId: string; name: string; regions: { name: string; granted: number; rejected: number }[] }[];
  /** Further sections already in the reader's words (a slot: follow-up outcomes per method, proposals by status). */
  extraSections?: { heading: string; rows: { label: string; value: string }[] }[];
}

export const CHART_LEAD_TIMES: LeadTime[] = ["receivedToReady", "readyToDecided", "receivedToDecided"];
export const OUTCOME_KEYS = ["granted", "rejected", "deferred", "returned", "pending"] as const;

const LEAD_TIMES: LeadTime[] = ["receivedToReady", "readyToDecided", "receivedToDecided", "decidedToRouted", "routedToAcknowledged"];
const LIMITS = [
  { rows: 40, text: 80 },
  { rows: 20, text: 50 },
  { rows: 10, text: 40 },
  { rows: 6, text: 36 },
] as const;

export function renderReport(view: ReportView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => reportData(view, limit), { locale: view.locale, title: () => tr("report.title") });
}

function reportData(view: ReportView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const long = (s: unknown) => clip(str(s), limit.text * 5).text;
  const num = (n: unknown) => String(count(n));
  const decided = count(view.outcomes?.granted) + count(view.outcomes?.rejected);
  const columns = [{ label: tr("report.col.cases") }, { label: tr("report.col.granted") }, { label: tr("report.col.rejected") }];
  const table = (heading: string, all: ReportCountsRow[] | undefined) =>
    grid(
      heading,
      columns,
      (Array.isArray(all) ? all : []).map((r) => ({ label: short(r.name), cells: [num(r.cases), num(r.granted), num(r.rejected)] })),
    );
  const grid = (heading: string, cols: { label: string }[], list: { label: string; cells: string[] }[]) => {
    const rows = list.slice(0, limit.rows).map((r) => ({ label: r.label, cells: r.cells.map((text) => ({ text })) }));
    const omitted = list.length - rows.length;
    return { heading, columns: cols, rows, hasOmitted: omitted > 0, omittedText: tr("report.omitted", { count: omitted }) };
  };
  const decimal = (n: number) => (Math.round(n * 100) / 100).toLocaleString(L === "nb" ? "nb-NO" : "en-GB");
  const perCapita = Array.isArray(view.perCapita) ? view.perCapita : [];
  const byMethod = Array.isArray(view.byMethod) ? view.byMethod : [];
  const flags = Array.isArray(view.equalTreatment) ? view.equalTreatment : [];
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
    ...charts(view, tr, short, limit),
    tables: [
      // Issue 15: per 100,000 inhabitants as a fourth column of the regions' table (the card's 28 KB has no room for a table of its own).
      perCapita.length
        ? grid(
            tr("report.byRegion"),
            [...columns, { label: tr("report.col.per100k") }],
            (Array.isArray(view.byRegion) ? view.byRegion : []).map((r) => {
              const pc = perCapita.find((p) => p.name === r.name);
              return {
                label: short(r.name),
                cells: [num(r.cases), num(r.granted), num(r.rejected), typeof pc?.per100k === "number" ? decimal(pc.per100k) : "–"],
              };
            }),
          )
        : table(tr("report.byRegion"), view.byRegion),
      table(tr("report.byHf"), view.byHf),
      ...(byMethod.length
        ? [
            grid(
              tr("report.byMethod"),
              columns,
              byMethod.map((m) => ({
                label: short(`${m.flagged ? "⚠ " : ""}${m.methodId} ${m.name}`),
                cells: [num(m.cases), num(m.granted), num(m.rejected)],
              })),
            ),
          ]
        : []),
    ],
    hasFlags: flags.length > 0,
    flagsHeading: tr("report.flags.heading"),
    flagLines: flags.slice(0, limit.rows).map((f) => ({
      text: long(
        tr("report.flags.line", {
          method: `${f.methodId} ${f.name}`,
          regions: (Array.isArray(f.regions) ? f.regions : [])
            .map((r) => tr("report.flags.region", { region: r.name, granted: count(r.granted), rejected: count(r.rejected) }))
            .join("; "),
        }),
      ),
    })),
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
      ...moreFacts(view, tr, short),
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

type Tr = ReturnType<typeof translator>;

/** Issue 15: the charts (Teams renders Chart.*; other clients show each one's fallback lines) by region, per 100,000, outcome and lead time. */
function charts(view: ReportView, tr: Tr, short: (s: unknown) => string, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const fmt = (n: number) => (Math.round(n * 100) / 100).toLocaleString(L === "nb" ? "nb-NO" : "en-GB");
  const regions = (Array.isArray(view.byRegion) ? view.byRegion : []).slice(0, limit.rows);
  const perCapita = (Array.isArray(view.perCapita) ? view.perCapita : []).filter((r) => typeof r.per100k === "number").slice(0, limit.rows);
  const outcomes = OUTCOME_KEYS.map((k) => ({ label: outcomeLabel(tr, k), value: count(view.outcomes?.[k]) })).filter((o) => o.value > 0);
  const leads = CHART_LEAD_TIMES.flatMap((lt) => {
    const v = view.leadTimes?.[lt];
    return typeof v === "number" && Number.isFinite(v) ? [{ label: tr(`report.lead.${lt}`), value: Math.max(0, Math.round(v * 10) / 10) }] : [];
  });
  const bar = (title: string, xAxisTitle: string, yAxisTitle: string, points: { label: string; value: number; shown: string }[]) => ({
    title,
    xAxisTitle,
    yAxisTitle,
    points: points.map((p) => ({ x: short(p.label), y: p.value, line: `${short(p.label)}: ${p.shown}` })),
  });
  return {
    hasCharts: regions.length > 0 || outcomes.length > 0,
    chartsHeading: tr("report.charts.heading"),
    regionChart: bar(
      tr("report.charts.byRegion"),
      tr("report.charts.region"),
      tr("report.col.cases"),
      regions.map((r) => ({ label: regionShort(r.name), value: count(r.cases), shown: String(count(r.cases)) })),
    ),
    perCapitaChart: bar(
      tr("report.charts.perCapita"),
      tr("report.charts.region"),
      tr("report.col.per100k"),
      perCapita.map((r) => ({ label: regionShort(r.name), value: r.per100k!, shown: fmt(r.per100k!) })),
    ),
    outcomeChart: {
      title: tr("report.charts.outcomes"),
      points: outcomes.map((o) => ({ legend: o.label, value: o.value, line: `${o.label}: ${o.value}` })),
    },
    leadChart: bar(
      tr("report.charts.leadTimes"),
      tr("report.charts.step"),
      tr("report.charts.workingDays"),
      leads.map((l) => ({ label: l.label, value: l.value, shown: tr("report.days", { days: fmt(l.value) }) })),
    ),
    populationNote: tr("report.populationNote", { year: count(view.populationYear) }),
  };
}

/** «Helse Sør-Øst RHF» → «Helse Sør-Øst»: the chart's axis has little room. */
export const regionShort = (name: string): string => name.replace(/\s+RHF$/, "");

export function outcomeLabel(tr: Tr, k: (typeof OUTCOME_KEYS)[number]): string {
  if (k === "returned") return tr("report.outcome.returned");
  if (k === "pending") return tr("report.outcome.pending");
  return tr(`result.${k}`);
}

/** Issue 15: urgent or not, returns by reason, deferrals by why, targets, and the slot's sections. */
function moreFacts(view: ReportView, tr: Tr, short: (s: unknown) => string): { heading: string; facts: { label: string; value: string }[] }[] {
  const out: { heading: string; facts: { label: string; value: string }[] }[] = [];
  if (view.urgency)
    out.push({
      heading: tr("report.urgency.heading"),
      facts: factRows([
        { title: tr("report.urgency.urgent"), value: String(count(view.urgency.urgent)) },
        { title: tr("report.urgency.regular"), value: String(count(view.urgency.regular)) },
      ]),
    });
  const returns = Array.isArray(view.returnsByReason) ? view.returnsByReason : [];
  if (returns.length)
    out.push({
      heading: tr("report.returns.heading"),
      facts: factRows(returns.map((r) => ({ title: short(reasonItemText(tr, r.item)), value: String(count(r.count)) }))),
    });
  if (view.deferralsByReason)
    out.push({
      heading: tr("report.deferrals.heading"),
      facts: factRows([
        { title: tr("report.deferrals.noConsensus"), value: String(count(view.deferralsByReason.noConsensus)) },
        { title: tr("report.deferrals.notQuorate"), value: String(count(view.deferralsByReason.notQuorate)) },
      ]),
    });
  const targets = Array.isArray(view.targets) ? view.targets : [];
  if (targets.length)
    out.push({
      heading: tr("report.targets.heading"),
      facts: factRows(
        targets.map((x) => ({
          title: tr(`report.targets.${x.key}`, { days: count(x.targetDays) }),
          value: count(x.count)
            ? tr("report.targets.value", { within: count(x.within), count: count(x.count), percent: Math.round((count(x.within) / count(x.count)) * 100) })
            : tr("report.noData"),
        })),
      ),
    });
  for (const section of Array.isArray(view.extraSections) ? view.extraSections : [])
    out.push({ heading: short(section.heading), facts: factRows((section.rows ?? []).map((r) => ({ title: short(r.label), value: short(r.value) }))) });
  return out;
}

/** A completeness item's words (the catalog's), or a neutral word for a code the catalogs do not know. */
function reasonItemText(tr: Tr, item: string): string {
  const text = hasMessage(item) ? tr(item as MessageKey) : "";
  return text && !text.includes("{") ? text.replace(/\.$/, "") : tr("report.returns.other");
}
