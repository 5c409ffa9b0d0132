/**
 * The register as CSV for Excel and statistics tools: RFC 4180 (CRLF line
 * ends, fields with a comma, quote or line break quoted, quotes doubled),
 * UTF-8 with a byte-order mark so Excel reads æøå correctly.
 *
 * Separator: comma. Norwegian Excel expects a semicolon when *opening* a CSV
 * by double-click (the list separator follows the locale), but comma is the
 * RFC 4180 standard every other tool reads, and Excel's Data → From Text/CSV
 * import detects it. Numbers are written without thousands separators and
 * with "." for decimals (medians can be x.5), so nothing depends on locale.
 *
 * Only what the Report holds goes in: codes, places, grounds, outcomes, dates,
 * lead times. No price, no free text.
 */
import type { CaseRow, LeadTimeKey, Report } from "../app/coordinator/report.js";
import { LEAD_TIME_KEYS } from "../app/coordinator/report.js";

export type CsvLocale = "nb" | "en";

const BOM = "\uFEFF";
const EOL = "\r\n";

export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  const s = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === "string" ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly (string | number | boolean | undefined)[])[]): string {
  return BOM + rows.map((r) => r.map(csvField).join(",")).join(EOL) + EOL;
}

const CASE_HEADERS: Record<CsvLocale, string[]> = {
  nb: [
    "saksnummer",
    "region",
    "helseforetak",
    "hastesak",
    "grunnlag",
    "status",
    "utfall",
    "mottatt",
    "klar",
    "avgjort",
    "kvittert",
    "returnert_antall",
    "utsatt_antall",
    "utsatt_ikke_beslutningsdyktig",
    "forslag_gruppeniva",
    "virkedager_mottatt_klar",
    "virkedager_klar_avgjort",
    "virkedager_avgjort_kvittert",
    "virkedager_mottatt_avgjort",
    "virkedager_mottatt_kvittert",
    // issue 15
    "metode_id",
    "metode",
    "returnert_mangler",
  ],
  en: [
    "case_code",
    "region",
    "health_trust",
    "urgent",
    "grounds",
    "status",
    "outcome",
    "received",
    "ready",
    "decided",
    "acknowledged",
    "returns",
    "deferrals",
    "deferrals_not_quorate",
    "group_level_proposal",
    "wd_received_ready",
    "wd_ready_decided",
    "wd_decided_acknowledged",
    "wd_received_decided",
    "wd_received_acknowledged",
    // issue 15
    "nye_metoder_id",
    "method",
    "returned_missing",
  ],
};

/** One row per case. Grounds are joined with "|" so a cell holds one list. */
export function casesCsv(report: Report, locale: CsvLocale = "nb"): string {
  const row = (r: CaseRow) => [
    r.code,
    r.regionName,
    r.hfName,
    r.urgent,
    r.grounds.join("|"),
    r.status,
    r.outcome,
    r.receivedDate,
    r.readyDate,
    r.decidedDate,
    r.acknowledgedDate,
    r.returns,
    r.deferrals,
    r.deferralsNotQuorate,
    r.groupLevelProposal,
    ...LEAD_TIME_KEYS.map((k) => r.leadTimes[k]),
    r.methodId,
    r.methodName,
    r.returnReasons.join("|"),
  ];
  return toCsv([CASE_HEADERS[locale], ...report.cases.map(row)]);
}

/** The evaluation figures as (section, key, value) rows: easy to filter and pivot. */
export function summaryCsv(report: Report, locale: CsvLocale = "nb"): string {
  const header = locale === "nb" ? ["del", "nokkel", "verdi"] : ["section", "key", "value"];
  const rows: (string | number | undefined)[][] = [];
  if (report.period.from) rows.push(["period", "from", report.period.from]);
  if (report.period.to) rows.push(["period", "to", report.period.to]);
  for (const [k, v] of Object.entries(report.totals)) rows.push(["totals", k, v]);
  for (const r of report.byRegion) for (const k of ["cases", "granted", "rejected", "open"] as const) rows.push([`region:${r.regionName}`, k, r[k]]);
  for (const h of report.byHf) for (const k of ["cases", "granted", "rejected", "open"] as const) rows.push([`hf:${h.hfName}`, k, h[k]]);
  for (const [g, n] of Object.entries(report.grounds)) rows.push(["grounds", g, n]);
  for (const k of LEAD_TIME_KEYS as LeadTimeKey[]) {
    const s = report.leadTimes[k];
    rows.push([`leadTime:${k}`, "count", s.count], [`leadTime:${k}`, "median", s.median], [`leadTime:${k}`, "max", s.max]);
  }
  // Issue 13: urgent cases' lead times apart.
  for (const k of LEAD_TIME_KEYS as LeadTimeKey[]) {
    const s = report.urgentLeadTimes[k];
    rows.push([`urgentLeadTime:${k}`, "count", s.count], [`urgentLeadTime:${k}`, "median", s.median], [`urgentLeadTime:${k}`, "max", s.max]);
  }
  rows.push(["meetings", "held", report.meetingsHeld]);
  for (const m of report.meetings) {
    for (const k of ["held", "casesOnAgenda", "presentMembers", "presentSubstitutes", "decided", "deferred", "deferredNotQuorate"] as const) {
      const v = m[k];
      rows.push([`meeting:${m.id}`, k, typeof v === "boolean" ? (v ? 1 : 0) : v]);
    }
    if (m.minutes !== undefined) rows.push([`meeting:${m.id}`, "minutes", m.minutes]); // issue 13: the meeting's length
  }
  rows.push(["deferrals", "total", report.deferrals.total], ["deferrals", "notQuorate", report.deferrals.notQuorate]);
  rows.push(["groupLevelProposals", "count", report.groupLevelProposals]);
  // Issue 15: the register's further dimensions.
  for (const [k, v] of Object.entries(report.outcomes)) rows.push(["outcome", k, v]);
  for (const r of report.perCapita) {
    rows.push([`region:${r.regionName}`, "population", r.population], [`region:${r.regionName}`, "per100k", r.per100k]);
  }
  rows.push(
    ["population", "source", `${report.populationSource.source} (${report.populationSource.url})`],
    ["population", "year", report.populationSource.year],
  );
  for (const m of report.byMethod) for (const k of ["cases", "granted", "rejected", "open"] as const) rows.push([`method:${m.methodId}`, k, m[k]]);
  for (const g of report.byGround) for (const k of ["cases", "granted", "rejected", "open"] as const) rows.push([`ground:${g.ground}`, k, g[k]]);
  for (const u of ["urgent", "regular"] as const)
    for (const k of ["cases", "granted", "rejected", "open"] as const) rows.push([`urgency:${u}`, k, report.byUrgency[u][k]]);
  for (const r of report.returnsByReason) rows.push(["returnReason", r.item, r.count]);
  rows.push(["deferralReason", "notQuorate", report.deferralsByReason.notQuorate], ["deferralReason", "noConsensus", report.deferralsByReason.noConsensus]);
  for (const x of report.targets)
    rows.push([`target:${x.key}`, "targetDays", x.targetDays], [`target:${x.key}`, "count", x.count], [`target:${x.key}`, "within", x.within]);
  for (const f of report.equalTreatment)
    for (const r of f.regions)
      rows.push(
        [`equalTreatment:${f.methodId}`, `${r.regionName}:granted`, r.granted],
        [`equalTreatment:${f.methodId}`, `${r.regionName}:rejected`, r.rejected],
      );
  return toCsv([header, ...rows]);
}
