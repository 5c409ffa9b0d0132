/**
 * «sakliste» in a person's 1:1 chat with the bot: the cases waiting for them,
 * by their role.
 *
 * - A member or substitute: the cases on the agendas of the coming meetings
 *   (today's included, until it has ended), each with their own recusal.
 * - The chair: the next meeting's agenda.
 * - An observer: the coming meetings' agendas (they follow them, never vote).
 * - The coordinator: the cases that need them — received, in the
 *   completeness check, a record drafted or confirmed but not sent, a send
 *   that failed.
 * - The applying HF's fagdirektør (an HF contact, or a member or substitute
 *   who is their HF's fagdirektør): their HF's decisions sent and not yet
 *   acknowledged («Mottatt»).
 * - An external expert: nothing waits for them here.
 */
import { inOslo } from "../domain/calendar.js";
import type { Case } from "../domain/case.js";
import type { Meeting } from "../domain/meeting.js";
import { recusalsForCase, type RecusalReason } from "../domain/recusal.js";
import type { Person } from "../domain/roster.js";
import type { Actor } from "./context.js";
import { latestPerCase } from "./coordinator/routing.js";
import { recusalPolicy, type AppServices } from "./services.js";

export interface AgendaItem {
  case: Case;
  /** The viewer's own recusal from this case (members and substitutes only). */
  recusal?: { reason: RecusalReason; text?: string };
}

export interface MeetingAgenda {
  meeting: Meeting;
  items: AgendaItem[];
}

/** Why a case needs the coordinator. */
export type CoordinatorTask = "received" | "completenessCheck" | "recordDrafted" | "recordConfirmed" | "routingFailed";

export interface CoordinatorItem {
  case: Case;
  task: CoordinatorTask;
  /** The record version concerned (drafted, confirmed, failed). */
  recordId?: string;
}

export interface AcknowledgementItem {
  case: Case;
  recordId: string;
  sentAt: string;
}

export interface WaitingCases {
  person: Person;
  /** Which parts this person's list has (by role), so an empty part says "nothing" rather than nothing at all. */
  parts: { agendas?: "upcoming" | "next"; coordinator?: true; acknowledge?: true };
  agendas: MeetingAgenda[];
  coordinator: CoordinatorItem[];
  acknowledge: AcknowledgementItem[];
}

/** Meetings from today (Oslo) on that have not ended, earliest first. */
async function comingMeetings(svc: AppServices, at: string): Promise<Meeting[]> {
  const today = inOslo(at).toISODate()!;
  return (await svc.meetings.all()).filter((m) => m.date >= today && !m.endedAt);
}

const stillOnAgenda = (c: Case) => c.status === "onAgenda" || c.status === "inMeeting";

async function agendas(svc: AppServices, meetings: Meeting[], viewer?: Person): Promise<MeetingAgenda[]> {
  const out: MeetingAgenda[] = [];
  for (const meeting of meetings) {
    const state = viewer ? await svc.meetings.load(meeting.id) : undefined;
    const cases = (await Promise.all(meeting.agenda.map((id) => svc.cases.byCode(id)))).filter((c): c is Case => c !== undefined && stillOnAgenda(c));
    const items = cases.map((c): AgendaItem => {
      if (!viewer) return { case: c };
      const own = recusalsForCase({ roster: svc.roster, case: c, conflicts: state?.conflicts ?? [], policy: recusalPolicy(svc.settings) }).find(
        (r) => r.personId === viewer.id,
      );
      return own ? { case: c, recusal: own.text !== undefined ? { reason: own.reason, text: own.text } : { reason: own.reason } } : { case: c };
    });
    out.push({ meeting, items });
  }
  return out;
}

/** The cases that need the coordinator, oldest first. */
async function coordinatorItems(svc: AppServices): Promise<CoordinatorItem[]> {
  const [cases, routings] = await Promise.all([svc.cases.all(), svc.records.routings()]);
  const routingOf = new Map(routings.map((r) => [r.recordId, r]));
  const out: CoordinatorItem[] = [];
  for (const c of cases) {
    if (c.status === "received" || c.status === "completenessCheck") {
      out.push({ case: c, task: c.status });
      continue;
    }
    if (!["recordDrafted", "recordConfirmed", "routed", "acknowledged"].includes(c.status)) continue;
    const latest = (await svc.records.versions(c.id)).at(-1);
    if (!latest) continue;
    if (latest.status === "draft") {
      out.push({ case: c, task: "recordDrafted", recordId: latest.id });
      continue;
    }
    const routing = routingOf.get(latest.id);
    if (!routing) out.push({ case: c, task: "recordConfirmed", recordId: latest.id });
    else if (routing.state === "failed") out.push({ case: c, task: "routingFailed", recordId: latest.id });
  }
  return out;
}

/** The person's HF's decisions sent and not acknowledged (the version in force per case). */
async function toAcknowledge(svc: AppServices, person: Person): Promise<AcknowledgementItem[]> {
  const sent = latestPerCase(await svc.records.routings()).filter((r) => r.state === "sent" && r.sentAt);
  const out: AcknowledgementItem[] = [];
  for (const r of sent) {
    const c = await svc.cases.byCode(r.caseId);
    if (c && c.applyingHfId === person.hfId) out.push({ case: c, recordId: r.recordId, sentAt: r.sentAt! });
  }
  return out.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** Whether a person receives their HF's decisions (the lifecycle's rule on who may acknowledge). */
export const receivesDecisions = (p: Person): boolean =>
  p.hfId !== undefined && (p.role === "hfContact" || (p.isFagdirektor && (p.role === "member" || p.role === "substitute")));

export async function waitingCases(svc: AppServices, input: { actor: Actor; at: string }): Promise<WaitingCases> {
  const person = input.actor.person;
  const result: WaitingCases = { person, parts: {}, agendas: [], coordinator: [], acknowledge: [] };
  switch (person.role) {
    case "member":
    case "substitute":
      result.parts.agendas = "upcoming";
      result.agendas = await agendas(svc, await comingMeetings(svc, input.at), person);
      break;
    case "observer":
      result.parts.agendas = "upcoming";
      result.agendas = await agendas(svc, await comingMeetings(svc, input.at));
      break;
    case "chair": {
      result.parts.agendas = "next";
      const next = (await comingMeetings(svc, input.at))[0];
      result.agendas = next ? await agendas(svc, [next]) : [];
      break;
    }
    case "coordinator":
      result.parts.coordinator = true;
      result.coordinator = await coordinatorItems(svc);
      break;
    default:
      break;
  }
  if (receivesDecisions(person)) {
    result.parts.acknowledge = true;
    result.acknowledge = await toAcknowledge(svc, person);
  }
  return result;
}
