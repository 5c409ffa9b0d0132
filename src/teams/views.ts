/**
 * From use-case state to card views: who sees what. The shared (base) view in
 * the meeting chat is read-only and leaves out confidential figures; each
 * roster person's client refreshes it into their own view.
 */
import { usersByRosterIds } from "../app/conversations.js";
import { loadCaseInMeeting, type CaseInMeeting } from "../app/meeting-service.js";
import { loadMeetingState, presentIds } from "../app/meeting-store.js";
import { getCase } from "../app/case-store.js";
import { renderCaseBrief, type CaseBriefView, type CaseBriefViewer } from "../cards/case-brief.js";
import { renderAgenda, type AgendaView } from "../cards/agenda.js";
import { renderAttendance, type AttendanceView } from "../cards/attendance.js";
import { renderNotice } from "../cards/notice.js";
import type { Case } from "../domain/case.js";
import type { Reason } from "../domain/result.js";
import type { Person, Role, Roster } from "../domain/roster.js";
import { validateComposition } from "../domain/roster-schema.js";
import { hasMessage, t, type Locale } from "../i18n/index.js";
import type { Bot } from "./bot.js";
import type { Turn } from "./turn.js";

const COMMITTEE_ROLES: ReadonlySet<Role> = new Set(["member", "substitute", "chair", "coordinator", "observer"]);
const REFRESH_CACHE_MS = 15_000;
const refreshCache = new WeakMap<Bot, { at: number; ids: string[] }>();

/** Teams ids of the committee people the bot has seen, for refresh.userIds (at most 60). */
async function committeeTeamsIds(bot: Bot): Promise<string[]> {
  const cached = refreshCache.get(bot);
  if (cached && Date.now() - cached.at < REFRESH_CACHE_MS) return cached.ids;
  const rosterIds = bot.deps.roster.people.filter((p) => COMMITTEE_ROLES.has(p.role)).map((p) => p.id);
  const users = await usersByRosterIds(bot.deps.store, rosterIds);
  const ids = users.map((u) => u.teamsUserId).filter(Boolean).slice(0, 60);
  refreshCache.set(bot, { at: Date.now(), ids });
  return ids;
}

export function forgetRefreshCache(bot: Bot): void {
  refreshCache.delete(bot);
}

export function reasonText(locale: Locale, reason: Reason): string {
  const params = { ...(reason.params ?? {}) };
  if (reason.code === "error.recused" && typeof params.reason === "string") params.reason = t(locale, `recusal.${params.reason}`);
  return hasMessage(reason.code) ? t(locale, reason.code, params) : t(locale, "error.generic", { code: reason.code });
}

/** An HF's name and its region's name, for cards. */
export const hfRef = (roster: Roster, hfId: string | undefined) => {
  const hf = roster.hfs.find((h) => h.id === hfId);
  if (!hf) return { name: hfId ?? "?", region: "?" };
  return { name: hf.name, region: roster.regions.find((r) => r.id === hf.region)?.name ?? hf.region };
};

export const nameOf = (roster: Roster, id: string | undefined) => roster.people.find((p) => p.id === id)?.name ?? id ?? "?";

function viewerFor(person: Person | undefined, loaded: CaseInMeeting): CaseBriefViewer {
  if (!person) return { kind: "guest" };
  const { standing, state } = loaded;
  const base = { name: person.name };
  if (person.role === "chair") return { ...base, kind: "chair" };
  if (person.role === "coordinator") return { ...base, kind: "coordinator" };
  if (person.role === "observer") return { ...base, kind: "observer" };
  // An external expert or an HF's fagdirektør is not the committee: the read-only view without confidential figures or reasons.
  if (person.role !== "member" && person.role !== "substitute") return { kind: "guest" };
  const recusal = standing.recused.find((r) => r.personId === person.id);
  if (recusal) return { ...base, kind: "recused", recusedReason: recusal.reason, ...(recusal.text ? { recusedDetail: recusal.text } : {}) };
  if (standing.eligible.includes(person.id)) {
    const own = standing.positions.get(person.id);
    return { ...base, kind: "eligible", ...(own ? { ownPosition: own } : {}) };
  }
  // Not yet present (or a substitute whose member takes part): they see the buttons only if stating would count.
  const wouldCount = !presentIds(state.attendance).has(person.id) && standing.refusalFor(person.id)?.code === "error.notEligible";
  return { ...base, kind: wouldCount ? "eligible" : "absent" };
}

export function buildCaseBriefView(roster: Roster, loaded: CaseInMeeting, viewer: CaseBriefViewer, locale: Locale, refreshIds: string[], minimum: number): CaseBriefView {
  const c: Case = loaded.case;
  const { standing } = loaded;
  const committee = viewer.kind !== "guest";
  const view: CaseBriefView = {
    locale,
    viewer,
    meetingId: loaded.state.meeting.id,
    caseId: c.id,
    code: c.code,
    status: c.status,
    method: c.method,
    beslutningsforumDecision: t(locale, "caseBrief.bfNotIntroduced", { date: c.method.beslutningsforumDate }),
    applyingHf: hfRef(roster, c.applyingHfId),
    ...(c.catchmentHfId && c.catchmentHfId !== c.applyingHfId ? { catchmentHf: hfRef(roster, c.catchmentHfId) } : {}),
    urgent: c.urgent,
    grounds: c.grounds,
    priority: c.priority,
    // Confidential prices are for the committee only; the shared base view is seen by anyone in the chat.
    cost: committee || !c.cost.confidential ? stripUndefined({ ...c.cost }) : { confidential: true },
    attachments: c.attachments.length,
    recused: standing.recused.map((r) => ({ name: nameOf(roster, r.personId), reason: r.reason, ...(committee && r.text ? { detail: r.text } : {}) })),
    quorum: { quorate: standing.quorum.quorate, eligibleCount: standing.eligible.length, minimum },
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
    ...(loaded.conclusion ? { conclusion: { result: loaded.conclusion.result, ...(committee && loaded.conclusion.reason ? { reason: loaded.conclusion.reason } : {}) } } : {}),
    refreshUserIds: refreshIds,
  };
  return view;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The acting user's view of a case; `preloaded` is the state a use case just produced (saves reading it again). */
export async function caseCardFor(bot: Bot, meetingId: string, caseId: string, turn: Turn, preloaded?: CaseInMeeting): Promise<object> {
  const loaded = preloaded ? { ok: true as const, value: preloaded } : await loadCaseInMeeting(bot.deps, meetingId, caseId);
  if (!loaded.ok) return noticeCard(turn.locale, t(turn.locale, "notice.title"), [reasonText(turn.locale, loaded.reason)], "warning");
  if (!turn.actor) return noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.notOnRoster")], "info");
  const view = buildCaseBriefView(bot.deps.roster, loaded.value, viewerFor(turn.actor.person, loaded.value), turn.locale, await committeeTeamsIds(bot), bot.deps.quorumMinimum);
  return renderCaseBrief(view);
}

export async function sharedCaseCard(bot: Bot, meetingId: string, caseId: string): Promise<object | undefined> {
  const loaded = await loadCaseInMeeting(bot.deps, meetingId, caseId);
  if (!loaded.ok) return undefined;
  return renderCaseBrief(buildCaseBriefView(bot.deps.roster, loaded.value, { kind: "guest" }, "nb", await committeeTeamsIds(bot), bot.deps.quorumMinimum));
}

async function agendaView(bot: Bot, meetingId: string, locale: Locale, viewerIsChair: boolean): Promise<AgendaView | undefined> {
  const state = await loadMeetingState(bot.deps.store, meetingId);
  if (!state) return undefined;
  const cases = (await Promise.all(state.meeting.agenda.map((id) => getCase(bot.deps.store, id)))).filter((c): c is Case => !!c);
  return {
    locale,
    meetingId,
    date: state.meeting.date,
    viewerIsChair,
    items: cases.map((c) => ({
      caseId: c.id,
      code: c.code,
      methodName: c.method.name,
      applyingHfName: hfRef(bot.deps.roster, c.applyingHfId).name,
      urgent: c.urgent,
      status: c.status,
      isCurrent: state.meeting.currentCaseId === c.id,
    })),
    refreshUserIds: await committeeTeamsIds(bot),
  };
}

export async function agendaCardFor(bot: Bot, meetingId: string, turn: Turn): Promise<object> {
  const isChair = turn.actor?.person.role === "chair" || turn.actor?.person.role === "coordinator";
  const view = await agendaView(bot, meetingId, turn.locale, isChair);
  return view ? renderAgenda(view) : noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.meetingNotFound", { meetingId })], "warning");
}

export async function sharedAgendaCard(bot: Bot, meetingId: string): Promise<object | undefined> {
  const view = await agendaView(bot, meetingId, "nb", false);
  return view ? renderAgenda(view) : undefined;
}

async function attendanceView(bot: Bot, meetingId: string, locale: Locale, viewer?: Person): Promise<AttendanceView | undefined> {
  const state = await loadMeetingState(bot.deps.store, meetingId);
  if (!state) return undefined;
  const present = presentIds(state.attendance);
  const latest = new Map(state.attendance.map((a) => [a.personId, a]));
  const voters = bot.deps.roster.people.filter((p) => p.role === "member" || p.role === "substitute");
  const canCheckIn = !!viewer && viewer.role !== "hfContact";
  return {
    locale,
    meetingId,
    members: voters.map((p) => ({
      name: p.name,
      role: p.role as "member" | "substitute",
      hfName: hfRef(bot.deps.roster, p.hfId).name,
      present: present.has(p.id),
      ...(latest.get(p.id) ? { source: latest.get(p.id)!.source } : {}),
    })),
    presentCount: voters.filter((p) => present.has(p.id)).length,
    viewer: { canCheckIn, present: !!viewer && present.has(viewer.id) },
    refreshUserIds: await committeeTeamsIds(bot),
  };
}

export async function attendanceCardFor(bot: Bot, meetingId: string, turn: Turn): Promise<object> {
  const view = await attendanceView(bot, meetingId, turn.locale, turn.actor?.person);
  return view ? renderAttendance(view) : noticeCard(turn.locale, t(turn.locale, "notice.title"), [t(turn.locale, "error.meetingNotFound", { meetingId })], "warning");
}

export async function sharedAttendanceCard(bot: Bot, meetingId: string): Promise<object | undefined> {
  const view = await attendanceView(bot, meetingId, "nb");
  return view ? renderAttendance(view) : undefined;
}

export function noticeCard(locale: Locale, title: string, lines: string[], tone: "info" | "warning" | "error"): object {
  return renderNotice({ locale, title, lines, tone });
}

/** The roster's composition breaches, in plain words (shown to the coordinator). */
export function rosterNoticeCard(bot: Bot, locale: Locale): object {
  const breaches = validateComposition(bot.deps.roster);
  const lines = breaches.length === 0 ? [t(locale, "notice.rosterOk")] : breaches.map((b) => reasonText(locale, b));
  return noticeCard(locale, t(locale, "notice.rosterTitle"), lines, breaches.length === 0 ? "info" : "warning");
}

export function helpText(locale: Locale, role?: Role): string {
  const lines = [t(locale, "help.intro"), t(locale, "help.meeting")];
  if (role === "chair" || role === "coordinator") lines.push(t(locale, "help.chair"));
  if (role === "coordinator") lines.push(t(locale, "help.coordinator"), t(locale, "help.agenda"), t(locale, "help.files"));
  if (!role) lines.push(t(locale, "error.notOnRoster"));
  return lines.join("\n\n");
}
