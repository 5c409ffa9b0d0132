/**
 * The coordinator's commands in 1:1 chat with the bot: new application, the
 * case list, a case, papers for the next meeting, routing status, the report.
 */
import { CardFactory, MessageFactory, TurnContext, type ConversationReference } from "botbuilder";
import { listCases, getCase } from "../../app/case-store.js";
import { createExtraMeeting, ensureSeries, listMeetings, moveCaseToMeeting, planCase, reorder, sendPapers } from "../../app/agenda-service.js";
import { listRoutings } from "../../app/routing-service.js";
import { latestRecord } from "../../app/record-service.js";
import { buildReport } from "../../app/report.js";
import { renderCaseList } from "../../cards/checklist.js";
import { renderRoutingStatus } from "../../cards/alerts.js";
import { renderReport } from "../../cards/report.js";
import { CASE_ID, MEETING_ID } from "../../cards/actions.js";
import type { DecisionRecord } from "../../domain/decision-record.js";
import { inOslo } from "../../domain/calendar.js";
import { t } from "../../i18n/index.js";
import type { TurnEnv } from "../bot.js";
import { reasonText } from "../views.js";
import { caseCardForCoordinator, intakeFormCard, officeServices } from "./actions.js";
import { caseListView, reportView, routingRows } from "./views.js";
import { offerFile } from "./files.js";

type OfficeCommand =
  | { name: "newCase" }
  | { name: "supplement"; caseId: string }
  | { name: "cases" }
  | { name: "case"; caseId: string }
  | { name: "papers"; meetingId?: string }
  | { name: "routing" }
  | { name: "report" }
  | { name: "file"; kind: "recordPdf" | "recordMarkdown"; caseId: string }
  | { name: "csv" }
  | { name: "series"; firstDate: string; count: number; time?: string }
  | { name: "extra"; date: string; time?: string }
  | { name: "plan"; caseId: string; meetingId?: string }
  | { name: "move"; caseId: string; meetingId: string }
  | { name: "reorder"; meetingId: string; caseIds: string[] }
  | { name: "meetings" };

export function parseOfficeCommand(raw: string | undefined): OfficeCommand | undefined {
  const text = (raw ?? "").slice(0, 200).trim().replace(/\s+/g, " ").replace(/[.!?]+$/, "");
  const lower = text.toLowerCase();
  if (["ny sak", "ny søknad", "new case", "new application"].includes(lower)) return { name: "newCase" };
  if (["saker", "cases"].includes(lower)) return { name: "cases" };
  if (["utsendelser", "ruting", "routing"].includes(lower)) return { name: "routing" };
  if (["rapport", "report", "register"].includes(lower)) return { name: "report" };
  if (["rapport csv", "report csv", "csv"].includes(lower)) return { name: "csv" };
  if (["møter", "moter", "meetings"].includes(lower)) return { name: "meetings" };
  const series = /^(?:møteserie|meeting series) (\d{4}-\d{2}-\d{2}) (\d{1,2})(?: (\d{2}:\d{2}))?$/i.exec(text);
  if (series) return { name: "series", firstDate: series[1]!, count: Number(series[2]), ...(series[3] ? { time: series[3] } : {}) };
  const extra = /^(?:ekstramøte|extra meeting) (\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$/i.exec(text);
  if (extra) return { name: "extra", date: extra[1]!, ...(extra[2] ? { time: extra[2] } : {}) };
  const plan = /^(?:sett opp|plan) (\S+)(?: (\S+))?$/i.exec(text);
  if (plan && CASE_ID.test(plan[1]!.toUpperCase()) && (!plan[2] || MEETING_ID.test(plan[2])))
    return { name: "plan", caseId: plan[1]!.toUpperCase(), ...(plan[2] ? { meetingId: plan[2] } : {}) };
  const move = /^(?:flytt|move) (\S+) (\S+)$/i.exec(text);
  if (move && CASE_ID.test(move[1]!.toUpperCase()) && MEETING_ID.test(move[2]!)) return { name: "move", caseId: move[1]!.toUpperCase(), meetingId: move[2]! };
  const order = /^(?:rekkefølge|order) (\S+) ((?:\S+ ?)+)$/i.exec(text);
  if (order && MEETING_ID.test(order[1]!)) {
    const ids = order[2]!.trim().split(" ").map((x) => x.toUpperCase());
    if (ids.every((x) => CASE_ID.test(x))) return { name: "reorder", meetingId: order[1]!, caseIds: ids };
  }
  const f = /^(pdf|markdown|md) (\S+)$/i.exec(text);
  if (f && CASE_ID.test(f[2]!.toUpperCase())) return { name: "file", kind: f[1]!.toLowerCase() === "pdf" ? "recordPdf" : "recordMarkdown", caseId: f[2]!.toUpperCase() };
  const sup = /^(?:supplering|supplement) (\S+)$/i.exec(text);
  if (sup && CASE_ID.test(sup[1]!.toUpperCase())) return { name: "supplement", caseId: sup[1]!.toUpperCase() };
  const c = /^(?:sak|case) (\S+)$/i.exec(text);
  if (c && CASE_ID.test(c[1]!.toUpperCase())) return { name: "case", caseId: c[1]!.toUpperCase() };
  const p = /^(?:send papirer|send saksunderlag|send papers)(?: (\S+))?$/i.exec(text);
  if (p) return p[1] && MEETING_ID.test(p[1]) ? { name: "papers", meetingId: p[1] } : p[1] ? undefined : { name: "papers" };
  return undefined;
}

/** Handles a coordinator command in 1:1 chat; returns false for anything else (the meeting commands take it). */
export async function officeCommands(e: TurnEnv): Promise<boolean> {
  const { context, turn, bot } = e;
  if (!turn.isPersonal) return false;
  const cmd = parseOfficeCommand(context.activity.text);
  if (!cmd) return false;
  const card = (c: object) => context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(c)));
  if (turn.actor?.person.role !== "coordinator") {
    await context.sendActivity(t(turn.locale, turn.actor ? "error.notCoordinator" : "error.notOnRoster"));
    return true;
  }
  const svc = officeServices(e);
  switch (cmd.name) {
    case "newCase":
      await card(await intakeFormCard(e));
      return true;
    case "supplement": {
      const c = await getCase(bot.deps.store, cmd.caseId);
      if (!c) await context.sendActivity(t(turn.locale, "error.caseNotFound", { caseId: cmd.caseId }));
      else if (c.status !== "returned") await context.sendActivity(t(turn.locale, "office.notReturned", { code: c.code }));
      else await card(await intakeFormCard(e, c.id));
      return true;
    }
    case "cases": {
      const cases = (await listCases(bot.deps.store)).filter((c) => c.status !== "acknowledged");
      await card(renderCaseList(caseListView(bot.deps.roster, cases, turn.locale)));
      return true;
    }
    case "case": {
      const c = await getCase(bot.deps.store, cmd.caseId);
      if (!c) await context.sendActivity(t(turn.locale, "error.caseNotFound", { caseId: cmd.caseId }));
      else await card(await caseCardForCoordinator(e, c));
      return true;
    }
    case "papers": {
      // Compared as instants: startsAt carries Oslo's offset, so as text 13:00+01:00 sorts after 12:30Z although it is earlier.
      const now = bot.deps.now().getTime();
      const meetingId = cmd.meetingId ?? (await listMeetings(bot.deps.store)).filter((m) => !m.startedAt && Date.parse(m.startsAt) > now && m.agenda.length > 0).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0]?.id;
      if (!meetingId) {
        await context.sendActivity(t(turn.locale, "office.noMeetingForPapers"));
        return true;
      }
      // Sixteen proactive sends can outlast the turn when Teams throttles: send after answering, then report.
      const ref = TurnContext.getConversationReference(context.activity) as Partial<ConversationReference>;
      const actor = turn.actor;
      const locale = turn.locale;
      const started = bot.tasks.runExclusive(`papers:${meetingId}`, "sendPapers", async () => {
        const r = await sendPapers(svc, { meetingId, actor, op: turn.op });
        const text = r.ok
          ? t(locale, "office.papersSent", { meetingId, sent: r.value.deliveries.filter((d) => d.delivery.ok).length, missing: r.value.failed.length })
          : reasonText(locale, r.reason);
        await bot.proactive.send(ref, { type: "message", text });
      });
      // A second «send papirer» while the first is under way would send everyone their papers twice.
      await context.sendActivity(t(locale, started ? "office.papersSending" : "office.papersInProgress", { meetingId }));
      return true;
    }
    case "routing": {
      const routings = await listRoutings(bot.deps.store);
      const cases = new Map((await listCases(bot.deps.store)).map((c) => [c.id, c]));
      await card(renderRoutingStatus({ locale: turn.locale, rows: routingRows(bot.deps.roster, routings, cases) }));
      return true;
    }
    case "file": {
      const record = await latestRecord(bot.deps.store, cmd.caseId);
      if (!record) await context.sendActivity(t(turn.locale, "files.notFound"));
      else await offerFile(e, { kind: cmd.kind, caseId: cmd.caseId, recordId: record.id });
      return true;
    }
    case "csv":
      await offerFile(e, { kind: "reportCsv" });
      return true;
    case "meetings": {
      // From today in Oslo on (not the UTC date, which is still yesterday just after midnight).
      const today = inOslo(bot.deps.now().toISOString()).toISODate()!;
      const upcoming = (await listMeetings(bot.deps.store)).filter((m) => m.date >= today).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      const lines = upcoming.map((m) => t(turn.locale, "office.meetingLine", { meetingId: m.id, count: m.agenda.length, cases: m.agenda.join(", ") || "–" }));
      await context.sendActivity(lines.length ? lines.join("\n\n") : t(turn.locale, "office.noMeetings"));
      return true;
    }
    case "series": {
      const r = await ensureSeries(svc, { firstDate: cmd.firstDate, count: cmd.count, ...(cmd.time ? { startTime: cmd.time } : {}), actor: turn.actor, op: turn.op });
      await context.sendActivity(r.ok ? t(turn.locale, "office.seriesCreated", { created: r.value.created.length, existing: r.value.existing.length }) : reasonText(turn.locale, r.reason));
      return true;
    }
    case "extra": {
      const r = await createExtraMeeting(svc, { date: cmd.date, ...(cmd.time ? { startTime: cmd.time } : {}), actor: turn.actor, op: turn.op });
      await context.sendActivity(r.ok ? t(turn.locale, "office.extraCreated", { meetingId: r.value.id }) : reasonText(turn.locale, r.reason));
      return true;
    }
    case "plan":
    case "move": {
      const r =
        cmd.name === "plan"
          ? await planCase(svc, { caseId: cmd.caseId, ...(cmd.meetingId ? { meetingId: cmd.meetingId } : {}), actor: turn.actor, op: turn.op })
          : await moveCaseToMeeting(svc, { caseId: cmd.caseId, toMeetingId: cmd.meetingId, actor: turn.actor, op: turn.op });
      if (!r.ok) await context.sendActivity(reasonText(turn.locale, r.reason));
      else {
        await context.sendActivity(t(turn.locale, "office.casePlanned", { code: r.value.case.code, meetingId: r.value.meeting.id }));
        if (r.value.papersResendNeeded) await context.sendActivity(t(turn.locale, "office.papersResendNeeded", { meetingId: r.value.meeting.id }));
      }
      return true;
    }
    case "reorder": {
      const r = await reorder(svc, { meetingId: cmd.meetingId, caseIds: cmd.caseIds, actor: turn.actor, op: turn.op });
      await context.sendActivity(r.ok ? t(turn.locale, "office.reordered", { meetingId: cmd.meetingId, cases: r.value.agenda.join(", ") }) : reasonText(turn.locale, r.reason));
      return true;
    }
    case "report": {
      const report = await buildReport(bot.deps.store, bot.deps.roster, { quorumMinimum: bot.deps.quorumMinimum });
      const records = (await Promise.all(report.cases.map((c) => latestRecord(bot.deps.store, c.code)))).filter((r): r is DecisionRecord => !!r && r.status === "confirmed");
      await card(renderReport(reportView(report, records, turn.locale, bot.deps.now())));
      return true;
    }
  }
}
