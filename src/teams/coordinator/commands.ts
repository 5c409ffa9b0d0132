/**
 * The coordinator's commands in the 1:1 chat with the bot: new application,
 * the case list, a case, papers, routing status, the register, files, and the
 * meeting plan (series, extra meeting, plan, move, reorder, list).
 */
import { MINUTES_COMMANDS } from "./minutes.js";
import { claimPapersRun, nextMeetingForPapers } from "../../app/coordinator/papers.js";
import { createExtraMeeting, ensureSeries, moveCaseToMeeting, planCase, reorder, setAgendaMinutes } from "../../app/coordinator/planning.js";
import { latestRecord } from "../../app/coordinator/records.js";
import { latestPerCase } from "../../app/coordinator/routing.js";
import { registerReport } from "../../app/coordinator/report.js";
import { renderRoutingStatus } from "../../cards/alerts.js";
import { CASE_ID, MEETING_ID } from "../../cards/actions.js";
import { renderCaseList } from "../../cards/checklist.js";
import { renderReport } from "../../cards/report.js";
import { inOslo } from "../../domain/calendar.js";
import { t } from "../../i18n/index.js";
import { command, NO_MATCH, type CommandEnv } from "../command.js";
import { parsePeriod } from "../../domain/period.js";
import { reasonText } from "../replies.js";
import { caseCardForCoordinator, intakeFormCard } from "./actions.js";
import { offerFile, type FileRequest } from "./files.js";
import { caseListView, reportView, routingRows } from "./views.js";
import { followUpOverview } from "../../app/coordinator/follow-up.js";
import { followUpsCard } from "./follow-up.js";

const COORDINATOR = { roles: ["coordinator"], refusal: "error.notCoordinator" } as const;
const base = { scope: "personal", who: COORDINATOR } as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
const caseId = (s: string | undefined) => (s && CASE_ID.test(s.toUpperCase()) ? s.toUpperCase() : undefined);
const meetingId = (s: string | undefined) => (s && MEETING_ID.test(s) ? s : undefined);
const parts = (rest: string) => (rest ? rest.split(" ") : []);
/** Issue 15: the period after «rapport» (none: the whole register). */
const periodOf = (rest: string) => (rest.trim() === "" ? { ok: true as const, value: {} } : parsePeriod(rest));

async function offer(e: CommandEnv, req: FileRequest): Promise<void> {
  await offerFile(
    e.app,
    { locale: e.io.turn.locale, at: e.io.turn.op.at },
    req,
    (a) => e.io.sendAttachment(a),
    (text) => e.io.say(text),
  );
}

async function plannedReply(e: CommandEnv, r: Awaited<ReturnType<typeof planCase>>): Promise<void> {
  const { locale } = e.io.turn;
  if (!r.ok) {
    await e.io.say(reasonText(locale, r.reason));
    return;
  }
  await e.io.say(t(locale, "coordinator.casePlanned", { code: r.value.case.code, meetingId: r.value.meeting.id }));
  if (r.value.papersResendNeeded) await e.io.say(t(locale, "coordinator.papersResendNeeded", { meetingId: r.value.meeting.id }));
}

export const COORDINATOR_COMMANDS = [
  command({ ...base, words: "command.newCase", handle: async (e) => void (await e.io.sendCard(intakeFormCard(e.app.svc, e.io.turn.locale))) }),
  command({
    ...base,
    words: "command.supplement",
    args: caseId,
    async handle(e, id: string) {
      const { locale } = e.io.turn;
      const c = await e.app.svc.cases.byCode(id);
      if (!c) await e.io.say(t(locale, "error.caseNotFound", { caseId: id }));
      else if (c.status !== "returned") await e.io.say(t(locale, "coordinator.notReturned", { code: c.code }));
      else await e.io.sendCard(intakeFormCard(e.app.svc, locale, c.id));
    },
  }),
  command({
    ...base,
    words: "command.cases",
    async handle(e) {
      const { svc } = e.app;
      const [all, routings] = await Promise.all([svc.cases.all(), svc.records.routings()]);
      // A failed send shows as such, not hidden behind "Avgjørelse bekreftet" (or the status of an earlier version's send).
      const failed = new Set(
        latestPerCase(routings)
          .filter((r) => r.state === "failed")
          .map((r) => r.caseId),
      );
      const cases = all.filter((c) => c.status !== "acknowledged" || failed.has(c.id));
      await e.io.sendCard(renderCaseList(caseListView(svc.roster, cases, e.io.turn.locale, undefined, failed)));
    },
  }),
  command({
    ...base,
    words: "command.case",
    args: caseId,
    async handle(e, id: string) {
      const c = await e.app.svc.cases.byCode(id);
      if (!c) await e.io.say(t(e.io.turn.locale, "error.caseNotFound", { caseId: id }));
      else await e.io.sendCard(await caseCardForCoordinator(e.app.svc, c, e.io.turn.locale));
    },
  }),
  command({
    ...base,
    words: "command.papers",
    args: (rest) => (rest === "" ? {} : meetingId(rest) ? { meetingId: rest } : undefined),
    async handle(e, args: { meetingId?: string }) {
      const { io, app, actor } = e;
      const { locale, op } = io.turn;
      const id = args.meetingId ?? (await nextMeetingForPapers(app.svc, op.at))?.id;
      if (!id) {
        await io.say(t(locale, "coordinator.noMeetingForPapers"));
        return;
      }
      // Sixteen proactive sends can outlast the turn when Teams throttles: send after answering, then report.
      // A second «send papirer» while the first is under way — here or on another instance — would send everyone
      // their papers twice: the run holds a lease until it is done.
      const ref = io.reference();
      const run = await claimPapersRun(app.svc, { meetingId: id, actor, op, owner: app.instanceOwner });
      const started = run !== undefined;
      if (run)
        app.tasks.run("sendPapers", async () => {
          const r = await run();
          const text = r.ok
            ? t(locale, "coordinator.papersSent", {
                meetingId: id,
                sent: r.value.deliveries.filter((d) => d.delivery.ok).length,
                missing: r.value.failed.length,
              })
            : reasonText(locale, r.reason);
          await app.sender.say(ref, text);
        });
      await io.say(t(locale, started ? "coordinator.papersSending" : "coordinator.papersInProgress", { meetingId: id }));
    },
  }),
  command({
    ...base,
    words: "command.routing",
    async handle(e) {
      const { svc } = e.app;
      const [routings, cases] = await Promise.all([svc.records.routings(), svc.cases.all()]);
      await e.io.sendCard(renderRoutingStatus({ locale: e.io.turn.locale, rows: routingRows(svc.roster, routings, new Map(cases.map((c) => [c.id, c]))) }));
    },
  }),
  command({
    ...base,
    words: "command.report",
    // Issue 15: a period may follow (a year, or from–to); «rapport csv …» and «rapport pdf …» are commands of their own.
    args: (rest) => (/^(csv|pdf)\b/i.test(rest) ? (NO_MATCH as never) : rest),
    async handle(e, rest: string) {
      const period = periodOf(rest);
      if (!period.ok) return void (await e.io.say(reasonText(e.io.turn.locale, period.reason)));
      const { report, records } = await registerReport(e.app.svc, period.value);
      await e.io.sendCard(renderReport(reportView(report, records, e.io.turn.locale, new Date(e.io.turn.op.at))));
    },
  }),
  command({
    ...base,
    words: "command.csv",
    args: (rest) => rest,
    async handle(e, rest: string) {
      const period = periodOf(rest);
      if (!period.ok) return void (await e.io.say(reasonText(e.io.turn.locale, period.reason)));
      await offer(e, { kind: "reportCsv", ...period.value });
    },
  }),
  command({
    ...base,
    words: "command.reportPdf",
    args: (rest) => rest,
    async handle(e, rest: string) {
      const period = periodOf(rest);
      if (!period.ok) return void (await e.io.say(reasonText(e.io.turn.locale, period.reason)));
      await offer(e, { kind: "reportPdf", ...period.value });
    },
  }),
  command({
    ...base,
    words: "command.pdf",
    args: caseId,
    async handle(e, id: string) {
      const record = await latestRecord(e.app.svc, id);
      if (!record) await e.io.say(t(e.io.turn.locale, "files.notFound"));
      else await offer(e, { kind: "recordPdf", caseId: id, recordId: record.id });
    },
  }),
  command({
    ...base,
    words: "command.markdown",
    args: caseId,
    async handle(e, id: string) {
      const record = await latestRecord(e.app.svc, id);
      if (!record) await e.io.say(t(e.io.turn.locale, "files.notFound"));
      else await offer(e, { kind: "recordMarkdown", caseId: id, recordId: record.id });
    },
  }),
  command({
    ...base,
    words: "command.meetings",
    async handle(e) {
      const { locale, op } = e.io.turn;
      const today = inOslo(op.at).toISODate()!;
      const upcoming = (await e.app.svc.meetings.all()).filter((m) => m.date >= today);
      const lines = upcoming.map((m) => t(locale, "coordinator.meetingLine", { meetingId: m.id, count: m.agenda.length, cases: m.agenda.join(", ") || "–" }));
      await e.io.say(lines.length ? lines.join("\n\n") : t(locale, "coordinator.noMeetings"));
    },
  }),
  command({
    ...base,
    words: "command.series",
    args: (rest) => {
      const [first, count, time, ...more] = parts(rest);
      if (!first || !DATE.test(first) || !count || !/^\d{1,2}$/.test(count) || (time && !TIME.test(time)) || more.length) return undefined;
      return { firstDate: first, count: Number(count), ...(time ? { time } : {}) };
    },
    async handle(e, a: { firstDate: string; count: number; time?: string }) {
      const r = await ensureSeries(e.app.svc, {
        firstDate: a.firstDate,
        count: a.count,
        ...(a.time ? { startTime: a.time } : {}),
        actor: e.actor,
        op: e.io.turn.op,
      });
      await e.io.say(
        r.ok
          ? t(e.io.turn.locale, "coordinator.seriesCreated", { created: r.value.created.length, existing: r.value.existing.length })
          : reasonText(e.io.turn.locale, r.reason),
      );
    },
  }),
  command({
    ...base,
    words: "command.extra",
    args: (rest) => {
      const [date, time, ...more] = parts(rest);
      if (!date || !DATE.test(date) || (time && !TIME.test(time)) || more.length) return undefined;
      return { date, ...(time ? { time } : {}) };
    },
    async handle(e, a: { date: string; time?: string }) {
      const r = await createExtraMeeting(e.app.svc, { date: a.date, ...(a.time ? { startTime: a.time } : {}), actor: e.actor, op: e.io.turn.op });
      await e.io.say(r.ok ? t(e.io.turn.locale, "coordinator.extraCreated", { meetingId: r.value.id }) : reasonText(e.io.turn.locale, r.reason));
    },
  }),
  command({
    ...base,
    words: "command.plan",
    args: (rest) => {
      const [c, m, ...more] = parts(rest);
      const id = caseId(c);
      if (!id || (m && !meetingId(m)) || more.length) return undefined;
      return { caseId: id, ...(m ? { meetingId: m } : {}) };
    },
    handle: async (e, a: { caseId: string; meetingId?: string }) => plannedReply(e, await planCase(e.app.svc, { ...a, actor: e.actor, op: e.io.turn.op })),
  }),
  command({
    ...base,
    words: "command.move",
    args: (rest) => {
      const [c, m, ...more] = parts(rest);
      const id = caseId(c);
      return id && meetingId(m) && !more.length ? { caseId: id, toMeetingId: m! } : undefined;
    },
    handle: async (e, a: { caseId: string; toMeetingId: string }) =>
      plannedReply(e, await moveCaseToMeeting(e.app.svc, { ...a, actor: e.actor, op: e.io.turn.op })),
  }),
  command({
    ...base,
    words: "command.reorder",
    args: (rest) => {
      const [m, ...cases] = parts(rest);
      const ids = cases.map(caseId);
      return meetingId(m) && ids.length > 0 && ids.every(Boolean) ? { meetingId: m!, caseIds: ids as string[] } : undefined;
    },
    async handle(e, a: { meetingId: string; caseIds: string[] }) {
      const r = await reorder(e.app.svc, { ...a, actor: e.actor, op: e.io.turn.op });
      await e.io.say(
        r.ok
          ? t(e.io.turn.locale, "coordinator.reordered", { meetingId: a.meetingId, cases: r.value.agenda.join(", ") })
          : reasonText(e.io.turn.locale, r.reason),
      );
    },
  }),
  // The two-hour limit (issue 13): «minutter TO-2026-001 20» gives a case on an agenda other minutes; the rule says what is valid.
  command({
    ...base,
    words: "command.minutes",
    args: (rest) => {
      const [c, minutes, ...more] = parts(rest);
      const id = caseId(c);
      return id && minutes && !more.length ? { caseId: id, minutes } : undefined;
    },
    async handle(e, a: { caseId: string; minutes: string }) {
      const { locale } = e.io.turn;
      const r = await setAgendaMinutes(e.app.svc, { ...a, actor: e.actor, op: e.io.turn.op });
      await e.io.say(
        r.ok
          ? t(locale, "coordinator.minutesSet", {
              code: a.caseId,
              minutes: r.value.minutes,
              meetingId: r.value.meeting.id,
              total: r.value.total,
              limit: r.value.limit,
            })
          : reasonText(locale, r.reason),
      );
    },
  }),
  // Issue 15 (wip/follow): the follow-ups of grants (due, reminded, overdue, answered) and the group-level proposals.
  command({
    ...base,
    words: "command.followUps",
    async handle(e) {
      const { locale, op } = e.io.turn;
      const r = await followUpOverview(e.app.svc, { actor: e.actor, now: op.at });
      if (!r.ok) return void (await e.io.say(reasonText(locale, r.reason)));
      await e.io.sendCard(followUpsCard(e.app.svc, r.value, locale, op.at));
    },
  }),
  // Issue 14: the minutes: the chair's «avslutt møte», and «protokoll» (src/teams/coordinator/minutes.ts).
  ...MINUTES_COMMANDS,
];
