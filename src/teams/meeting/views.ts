/**
 * From the meeting's state to card views: who sees what (decided in
 * src/app/visibility.ts). The shared (base) view in the meeting chat is
 * read-only and leaves out what only the committee may see; each roster
 * person's client refreshes it into their own view.
 */
import { caseClock, loadCaseInMeeting, type CaseInMeeting } from "../../app/meeting/case-in-meeting.js";
import { presentIds } from "../../app/meeting/standing.js";
import { hfRef, isVoter, nameOf } from "../../app/people.js";
import { CARD_DOCUMENTS_MAX_AGE_MS, documentTitles } from "../../app/meeting-book.js";
import { caseBriefAccess, caseViewer, type CaseViewer } from "../../app/visibility.js";
import { renderAgenda, type AgendaView } from "../../cards/agenda.js";
import { renderAttendance, type AttendanceView } from "../../cards/attendance.js";
import { renderCaseBrief, type CaseBriefView } from "../../cards/case-brief.js";
import type { Case } from "../../domain/case.js";
import type { AttendanceMark, Meeting } from "../../domain/meeting.js";
import { expectedNotJoined, type AttendanceReply } from "../../domain/forecast.js";
import type { Person, Roster } from "../../domain/roster.js";
import { agendaMinutes, MEETING_MINUTES_LIMIT, type ElapsedTime } from "../../domain/time-budget.js";
import { caseMinutesDefault } from "../../app/services.js";
import { formatDate, t, type Locale } from "../../i18n/index.js";
import type { TeamsApp } from "../context.js";
import { noticeCard, reasonText } from "../replies.js";
import type { Turn } from "../turn-io.js";

export function buildCaseBriefView(
  roster: Roster,
  loaded: CaseInMeeting,
  viewer: CaseViewer,
  locale: Locale,
  refreshIds: string[],
  minimum: number,
  book: { documents?: string[]; bookUrl?: string } = {},
  clock?: ElapsedTime,
): CaseBriefView {
  const c: Case = loaded.case;
  const { standing } = loaded;
  // What this viewer may see is decided in src/app/visibility.ts; what they may not see is never put in the view.
  const access = caseBriefAccess(viewer);
  const cost =
    access.confidentialPrice || !c.cost.confidential
      ? stripUndefined({ ...c.cost })
      : { confidential: true, ...(c.cost.note && access.confidentialPrice ? { note: c.cost.note } : {}) };
  return {
    locale,
    viewer,
    meetingId: loaded.facts.meeting.id,
    caseId: c.id,
    code: c.code,
    status: loaded.status,
    method: c.method,
    beslutningsforumDecision: t(locale, "caseBrief.bfNotIntroduced", { date: formatDate(locale, c.method.beslutningsforumDate) }),
    urgent: c.urgent,
    ...(access.particulars
      ? {
          applyingHf: hfRef(roster, c.applyingHfId),
          ...(c.catchmentHfId && c.catchmentHfId !== c.applyingHfId ? { catchmentHf: hfRef(roster, c.catchmentHfId) } : {}),
          attachments: c.attachments.length,
          // A confidential price is for the committee only; an expert or anyone outside sees it withheld.
          cost,
        }
      : {}),
    ...(access.clinical ? { grounds: c.grounds, priority: c.priority } : {}),
    quorum: {
      quorate: standing.quorum.quorate,
      eligibleCount: standing.eligible.length,
      minimum,
      ...(standing.blockedByCatchmentPolicy ? { blockedByCatchmentPolicy: true } : {}),
    },
    ...(access.deliberation
      ? {
          recused: standing.recused.map((r) => ({
            name: nameOf(roster, r.personId),
            reason: r.reason,
            ...(access.committeeReasons && r.text ? { detail: r.text } : {}),
          })),
          positions: standing.eligible.map((id) => {
            const standIn = standing.quorum.standIns[id];
            const pos = standing.positions.get(id);
            return { name: nameOf(roster, id), ...(pos ? { position: pos } : {}), ...(standIn ? { standingInFor: nameOf(roster, standIn) } : {}) };
          }),
          consensus: {
            state: standing.consensus.state,
            ...(standing.consensus.position ? { position: standing.consensus.position } : {}),
            outstandingCount: standing.consensus.outstanding.length,
          },
          // The earlier decisions on the method: the committee's, like the deliberation (never on the shared card).
          ...(loaded.precedents ? { precedents: loaded.precedents } : {}),
        }
      : {}),
    // Everyone may see the result; the reason is the committee's own words.
    ...(loaded.conclusion
      ? {
          conclusion: {
            result: loaded.conclusion.result,
            ...(access.committeeReasons && loaded.conclusion.reason ? { reason: loaded.conclusion.reason } : {}),
          },
        }
      : {}),
    // The two-hour limit (issue 13): the meeting's clock, for who leads it.
    ...(access.meetingClock && clock ? { clock } : {}),
    refreshUserIds: refreshIds,
    // The documents this viewer may open (the meeting book's rights), and the link to the case in the tab.
    ...(access.particulars && book.documents && book.documents.length > 0 ? { documents: book.documents } : {}),
    ...(book.bookUrl ? { bookUrl: book.bookUrl } : {}),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The acting user's view of a case; `preloaded` is the state a use case just produced (saves reading it again). */
export async function caseCardFor(app: TeamsApp, meetingId: string, caseId: string, turn: Turn, preloaded?: CaseInMeeting): Promise<object> {
  const loaded = preloaded ? { ok: true as const, value: preloaded } : await loadCaseInMeeting(app.svc, meetingId, caseId);
  if (!loaded.ok) return noticeCard(turn.locale, t(turn.locale, "notice.title"), [reasonText(turn.locale, loaded.reason)], "warning");
  if (!turn.actor) return noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.notOnRoster")], "info");
  const view = buildCaseBriefView(
    app.svc.roster,
    loaded.value,
    caseViewer(turn.actor.person, loaded.value, app.svc.roster),
    turn.locale,
    await app.refreshIds(),
    app.svc.settings.quorumMinimum,
    { ...bookLinkOf(app, loaded.value.case.code), documents: await documentTitles(app.svc, loaded.value.case.id, { maxAgeMs: CARD_DOCUMENTS_MAX_AGE_MS }) },
    caseClock(app.svc, loaded.value, turn.op.at),
  );
  return renderCaseBrief(view);
}

export async function sharedCaseCard(app: TeamsApp, meetingId: string, caseId: string): Promise<object | undefined> {
  const loaded = await loadCaseInMeeting(app.svc, meetingId, caseId);
  if (!loaded.ok) return undefined;
  return renderCaseBrief(
    buildCaseBriefView(
      app.svc.roster,
      loaded.value,
      caseViewer(undefined, loaded.value, app.svc.roster),
      "nb",
      await app.refreshIds(),
      app.svc.settings.quorumMinimum,
      bookLinkOf(app, loaded.value.case.code),
    ),
  );
}

const bookLinkOf = (app: TeamsApp, code: string): { bookUrl?: string } => {
  const bookUrl = app.bookLink?.(code);
  return bookUrl ? { bookUrl } : {};
};

async function agendaView(
  app: TeamsApp,
  meetingId: string,
  locale: Locale,
  viewerIsChair: boolean,
  viewerIsCoordinator = false,
): Promise<AgendaView | undefined> {
  const state = await app.svc.meetings.load(meetingId);
  if (!state) return undefined;
  // The two-hour limit (issue 13): each case's minutes and the agenda's sum against 120.
  const time = agendaMinutes(state.meeting, caseMinutesDefault(app.svc.settings));
  const minutes = new Map(time.items.map((i) => [i.caseId, i.minutes]));
  const cases = (await Promise.all(state.meeting.agenda.map((id) => app.svc.cases.byCode(id)))).filter((c): c is Case => !!c);
  const concluded = new Map(state.conclusions.map((c) => [c.caseId, c.result]));
  return {
    locale,
    meetingId,
    date: state.meeting.date,
    viewerIsChair,
    items: cases.map((c) => ({
      caseId: c.id,
      code: c.code,
      methodName: c.method.name,
      applyingHfName: hfRef(app.svc.roster, c.applyingHfId).name,
      urgent: c.urgent,
      status: concluded.get(c.id) ?? c.status,
      // A concluded (or deferred) case is never under consideration, whatever the meeting still points at.
      isCurrent: state.meeting.currentCaseId === c.id && !concluded.has(c.id),
      ...(minutes.has(c.id) ? { minutes: minutes.get(c.id)! } : {}),
    })),
    time: { total: time.total, limit: MEETING_MINUTES_LIMIT },
    // The coordinator changes a case's minutes here until the meeting starts.
    canEditMinutes: viewerIsCoordinator && !state.meeting.startedAt && !state.meeting.endedAt,
    refreshUserIds: await app.refreshIds(),
  };
}

export async function agendaCardFor(app: TeamsApp, meetingId: string, turn: Turn): Promise<object> {
  const role = turn.actor?.person.role;
  const view = await agendaView(app, meetingId, turn.locale, role === "chair" || role === "coordinator", role === "coordinator");
  return view
    ? renderAgenda(view)
    : noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.meetingNotFound", { meetingId })], "warning");
}

export async function sharedAgendaCard(app: TeamsApp, meetingId: string): Promise<object | undefined> {
  const view = await agendaView(app, meetingId, "nb", false);
  return view ? renderAgenda(view) : undefined;
}

function attendanceView(
  app: TeamsApp,
  facts: { meeting: Meeting; attendance: AttendanceMark[]; replies?: AttendanceReply[] },
  locale: Locale,
  refreshIds: string[],
  viewer?: Person,
): AttendanceView {
  const present = presentIds(facts.attendance);
  const latest = new Map(facts.attendance.map((a) => [a.personId, a]));
  const voters = app.svc.roster.people.filter(isVoter);
  return {
    locale,
    meetingId: facts.meeting.id,
    members: voters.map((p) => ({
      name: p.name,
      role: p.role as "member" | "substitute",
      hfName: hfRef(app.svc.roster, p.hfId).name,
      present: present.has(p.id),
      ...(latest.get(p.id) ? { source: latest.get(p.id)!.source } : {}),
    })),
    membersPresent: voters.filter((p) => p.role === "member" && present.has(p.id)).length,
    seats: voters.filter((p) => p.role === "member").length,
    substitutesPresent: voters.filter((p) => p.role === "substitute" && present.has(p.id)).length,
    viewer: { canCheckIn: !!viewer && viewer.role !== "hfContact", present: !!viewer && present.has(viewer.id) },
    refreshUserIds: refreshIds,
    expectedNotJoined: expectedNotJoined(app.svc.roster, facts.replies ?? [], present).map((id) => nameOf(app.svc.roster, id)),
  };
}

/** The acting user's attendance view; `known` is the attendance a use case just produced. */
export async function attendanceCardFor(
  app: TeamsApp,
  meetingId: string,
  turn: Turn,
  known?: { meeting: Meeting; attendance: AttendanceMark[]; replies?: AttendanceReply[] },
): Promise<object> {
  const facts = known ?? (await app.svc.meetings.attendance(meetingId));
  if (!facts) return noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.meetingNotFound", { meetingId })], "warning");
  return renderAttendance(attendanceView(app, facts, turn.locale, await app.refreshIds(), turn.actor?.person));
}

export async function sharedAttendanceCard(app: TeamsApp, meetingId: string): Promise<object | undefined> {
  const facts = await app.svc.meetings.attendance(meetingId);
  return facts ? renderAttendance(attendanceView(app, facts, "nb", await app.refreshIds())) : undefined;
}
