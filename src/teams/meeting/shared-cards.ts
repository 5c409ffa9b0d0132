/**
 * The shared cards in a meeting chat (agenda, attendance, one per case): posted
 * once, then updated in place, coalesced. What everyone sees in the shared
 * card is the read-only base view; each roster person's client refreshes it
 * into their own view (refresh.userIds).
 */
import { caseCardPlan } from "../../app/meeting/take-up.js";
import type { PostedCard } from "../../app/ports.js";
import type { TeamsApp, TurnEnv } from "../context.js";
import { sharedAgendaCard, sharedAttendanceCard, sharedCaseCard } from "./views.js";

type Kind = PostedCard["kind"];

async function renderShared(app: TeamsApp, meetingId: string, kind: Kind, caseId?: string): Promise<object | undefined> {
  if (kind === "agenda") return sharedAgendaCard(app, meetingId);
  if (kind === "attendance") return sharedAttendanceCard(app, meetingId);
  return caseId ? sharedCaseCard(app, meetingId, caseId) : undefined;
}

/** Posts a shared card into the meeting chat (in this turn when it is that chat, else proactively) and remembers where. */
export async function postSharedCard(e: TurnEnv, meetingId: string, kind: Kind, caseId?: string): Promise<boolean> {
  const { app, io } = e;
  const meeting = await app.svc.meetings.get(meetingId);
  const conversationId = meeting?.teams?.conversationId;
  if (!meeting || !conversationId) return false;
  const card = await renderShared(app, meetingId, kind, caseId);
  if (!card) return false;
  let activityId: string | undefined;
  let serviceUrl = io.turn.serviceUrl;
  if (io.turn.conversationId === conversationId) {
    activityId = await io.sendCard(card);
  } else {
    const conv = await app.svc.directory.conversation(conversationId);
    if (!conv) return false;
    serviceUrl = String((conv.ref as { serviceUrl?: string }).serviceUrl ?? serviceUrl);
    activityId = (await app.sender.sendCard(conv.ref, card)).activityId;
  }
  if (!activityId) return false;
  await app.svc.meetings.putCard({ meetingId, kind, ...(caseId ? { caseId } : {}), conversationId, activityId, serviceUrl });
  return true;
}

/**
 * Shows a case's card in the meeting chat: posted when this meeting has none
 * for the case, otherwise the one there is updated — one card per case, so a
 * redelivered take-up, a second click or the chair returning to a case never
 * leaves an earlier card frozen. Of concurrent callers only one posts
 * (src/app/meeting/take-up.ts caseCardPlan). False when the case is not on the
 * meeting's agenda or the card could not be posted.
 */
export async function showCaseCard(e: TurnEnv, meetingId: string, caseId: string): Promise<"posted" | "updated" | false> {
  const meeting = await e.app.svc.meetings.get(meetingId);
  if (!meeting?.agenda.includes(caseId) || !meeting.teams?.conversationId) return false;
  if ((await caseCardPlan(e.app.svc, { meetingId, caseId }, e.io.turn.op)) === "update") {
    scheduleSharedUpdate(e.app, meetingId, "case", caseId);
    return "updated";
  }
  return (await postSharedCard(e, meetingId, "case", caseId)) ? "posted" : false;
}

/**
 * Schedules an update of a shared card. "currentCase" is the case the chair has
 * taken up (attendance changes move its quorum).
 */
export function scheduleSharedUpdate(app: TeamsApp, meetingId: string, kind: Kind | "currentCase", caseId?: string): void {
  const key = `${meetingId}|${kind}|${caseId ?? ""}`;
  app.cards.schedule(key, async () => {
    let k: Kind = kind === "currentCase" ? "case" : kind;
    let c = caseId;
    if (kind === "currentCase") {
      c = (await app.svc.meetings.get(meetingId))?.currentCaseId;
      if (!c) return;
      k = "case";
    }
    const posted = await app.svc.meetings.card(meetingId, k, c);
    if (!posted) return;
    const conv = await app.svc.directory.conversation(posted.conversationId);
    if (!conv) return;
    const card = await renderShared(app, meetingId, k, c);
    if (!card) return;
    const r = await app.sender.updateCard(conv.ref, posted.activityId, card);
    if (!r.ok) app.log.warn({ meetingId, kind: k, status: r.status }, "shared card update failed");
  });
}
