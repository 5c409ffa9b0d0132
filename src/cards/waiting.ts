/**
 * «sakliste» in the 1:1 chat: the cases waiting for this person, in parts by
 * role — the coming meetings' agendas (a member's or substitute's own
 * recusals marked; the chair's next meeting), the coordinator's tasks (with
 * "Åpne"), and the applying HF's decisions waiting for «Mottatt». A part the
 * person's role has says "nothing" when it is empty. Dates in one format.
 */
import type { RecusalReason } from "../domain/recusal.js";
import { formatDate, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import template from "./templates/waiting.json" with { type: "json" };

export type CoordinatorTaskCode = "received" | "completenessCheck" | "recordDrafted" | "recordConfirmed" | "routingFailed";

export interface WaitingAgendaItem {
  caseId: string;
  code: string;
  methodName: string;
  applyingHfName: string;
  urgent: boolean;
  /** The viewer's own recusal. */
  recusal?: { reason: RecusalReason; text?: string };
}

export interface WaitingView {
  locale: Locale;
  /** upcoming: every coming meeting (members, substitutes, observers); next: the next meeting only (the chair). */
  agendas?: { mode: "upcoming" | "next"; meetings: { meetingDate: string; items: WaitingAgendaItem[] }[] };
  coordinator?: { caseId: string; code: string; methodName: string; applyingHfName: string; urgent: boolean; task: CoordinatorTaskCode; since: string }[];
  acknowledge?: { caseId: string; code: string; methodName: string; recordId: string; sentAt: string }[];
}

const LIMITS = [
  { rows: 40, text: 160 },
  { rows: 20, text: 80 },
  { rows: 8, text: 40 },
] as const;
const TASK_COLOR: Record<CoordinatorTaskCode, string> = {
  received: "Accent",
  completenessCheck: "Accent",
  recordDrafted: "Warning",
  recordConfirmed: "Warning",
  routingFailed: "Attention",
};

export function renderWaiting(view: WaitingView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => waitingData(view, limit), { locale: view.locale, title: () => tr("waiting.title") });
}

interface Row {
  caseId: string;
  code: string;
  methodName: string;
  line: string;
  hasMark: boolean;
  mark: string;
  hasBadge: boolean;
  badge: string;
  badgeColor: string;
  canOpen: boolean;
}

function waitingData(view: WaitingView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const short = (s: unknown) => clip(str(s), limit.text).text;
  const section = (heading: string, rows: Row[], emptyText: string, note?: string) => {
    const shown = rows.slice(0, limit.rows);
    const omitted = rows.length - shown.length;
    return {
      heading,
      hasNote: Boolean(note),
      note: note ?? "",
      isEmpty: rows.length === 0,
      emptyText,
      rows: shown,
      hasOmitted: omitted > 0,
      omittedText: tr("caseList.omitted", { count: omitted }),
    };
  };
  const row = (r: Partial<Row> & Pick<Row, "caseId" | "code" | "methodName" | "line">): Row => ({
    hasMark: Boolean(r.mark),
    mark: r.mark ?? "",
    hasBadge: Boolean(r.badge),
    badge: r.badge ?? "",
    badgeColor: r.badgeColor ?? "Default",
    canOpen: r.canOpen ?? false,
    ...r,
    code: short(r.code),
    methodName: short(r.methodName),
  });

  const sections: ReturnType<typeof section>[] = [];
  let total = 0;
  if (view.agendas) {
    const meetings = Array.isArray(view.agendas.meetings) ? view.agendas.meetings : [];
    if (meetings.length === 0)
      sections.push(section(tr(view.agendas.mode === "next" ? "waiting.nextMeeting" : "waiting.upcoming"), [], tr("waiting.noMeetings")));
    for (const m of meetings) {
      const items = Array.isArray(m.items) ? m.items : [];
      total += items.length;
      const rows = items.map((c) =>
        row({
          caseId: c.caseId,
          code: c.code,
          methodName: c.methodName,
          line: tr("agenda.applyingHf", { hf: short(c.applyingHfName) }),
          ...(c.recusal
            ? {
                mark: tr("caseBrief.viewer.recused", {
                  reason: tr(`recusal.${c.recusal.reason}`) + (c.recusal.reason === "declared" && c.recusal.text ? `: ${short(c.recusal.text)}` : ""),
                }),
              }
            : {}),
          ...(c.urgent ? { badge: tr("agenda.urgent"), badgeColor: "Attention" } : {}),
        }),
      );
      const recused = items.filter((c) => c.recusal).length;
      sections.push(
        section(
          tr("waiting.meeting", { date: formatDate(L, short(m.meetingDate)) }),
          rows,
          tr("agenda.empty"),
          recused > 0 ? tr("waiting.recusedNote", { count: recused }) : undefined,
        ),
      );
    }
  }
  if (view.coordinator) {
    const items = Array.isArray(view.coordinator) ? view.coordinator : [];
    total += items.length;
    sections.push(
      section(
        tr("waiting.coordinator"),
        items.map((c) =>
          row({
            caseId: c.caseId,
            code: c.code,
            methodName: c.methodName,
            line: `${short(c.applyingHfName)} · ${tr(`waiting.task.${c.task}`)}`,
            badge: tr(`waiting.badge.${c.task}`),
            badgeColor: TASK_COLOR[c.task] ?? "Default",
            ...(c.urgent ? { mark: tr("agenda.urgent") } : {}),
            canOpen: true,
          }),
        ),
        tr("waiting.coordinatorNone"),
      ),
    );
  }
  if (view.acknowledge) {
    const items = Array.isArray(view.acknowledge) ? view.acknowledge : [];
    total += items.length;
    sections.push(
      section(
        tr("waiting.acknowledge"),
        items.map((c) =>
          row({
            caseId: c.caseId,
            code: c.code,
            methodName: c.methodName,
            line: tr("routing.sentAt", { date: formatDate(L, short(c.sentAt)) }),
            badge: tr("routing.state.sent"),
            badgeColor: "Accent",
          }),
        ),
        tr("waiting.acknowledgeNone"),
        items.length > 0 ? tr("waiting.acknowledgeHint") : undefined,
      ),
    );
  }
  if (sections.length === 0) sections.push(section(tr("waiting.title"), [], tr("waiting.nothing")));
  return {
    title: tr("waiting.title"),
    subtitle: tr("waiting.count", { count: total }),
    sections,
    openLabel: tr("caseList.open"),
    privacyNote: tr("caseBrief.privacyNote"),
  };
}
