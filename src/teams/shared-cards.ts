/**
 * The shared cards in a meeting chat (agenda, attendance, one per case): posted
 * once, then updated in place, coalesced. What everyone sees in the shared
 * card is the read-only base view without confidential figures; each roster
 * person's client refreshes it into their own view (refresh.userIds).
 */
import type { ConversationReference } from "botbuilder";
import { CardFactory, MessageFactory } from "botbuilder";
import { getConversation } from "../app/conversations.js";
import { cardId, type CardDoc } from "../app/meeting-store.js";
import { getMeeting } from "../app/meeting-link.js";
import type { Bot, TurnEnv } from "./bot.js";
import { sharedAgendaCard, sharedAttendanceCard, sharedCaseCard } from "./views.js";

type Kind = CardDoc["kind"];

async function renderShared(bot: Bot, meetingId: string, kind: Kind, caseId?: string): Promise<object | undefined> {
  if (kind === "agenda") return sharedAgendaCard(bot, meetingId);
  if (kind === "attendance") return sharedAttendanceCard(bot, meetingId);
  return caseId ? sharedCaseCard(bot, meetingId, caseId) : undefined;
}

/** Posts a shared card into the meeting chat (in this turn when it is that chat, else proactively) and remembers where. */
export async function postSharedCard(e: TurnEnv, meetingId: string, kind: Kind, caseId?: string): Promise<boolean> {
  const { bot, context } = e;
  const meeting = await getMeeting(bot.deps.store, meetingId);
  const conversationId = meeting?.teams?.conversationId;
  if (!meeting || !conversationId) return false;
  const card = await renderShared(bot, meetingId, kind, caseId);
  if (!card) return false;
  let activityId: string | undefined;
  let serviceUrl = context.activity.serviceUrl;
  if (context.activity.conversation?.id === conversationId) {
    activityId = (await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id;
  } else {
    const conv = await getConversation(bot.deps.store, conversationId);
    if (!conv) return false;
    serviceUrl = String((conv.ref as { serviceUrl?: string }).serviceUrl ?? serviceUrl);
    activityId = (await bot.proactive.sendCard(conv.ref as Partial<ConversationReference>, card)).activityId;
  }
  if (!activityId) return false;
  const doc: CardDoc = {
    id: cardId(kind, caseId),
    meetingId,
    type: "card",
    kind,
    ...(caseId ? { caseId } : {}),
    conversationId,
    activityId,
    serviceUrl,
  };
  await bot.deps.store.upsert<CardDoc>("meetings", doc);
  return true;
}

export const postCaseCard = (e: TurnEnv, meetingId: string, caseId: string) => postSharedCard(e, meetingId, "case", caseId);

/**
 * Schedules an update of a shared card. "currentCase" is the case the chair has
 * taken up (attendance changes move its quorum).
 */
export function scheduleSharedUpdate(bot: Bot, meetingId: string, kind: Kind | "currentCase", caseId?: string): void {
  const key = `${meetingId}|${kind}|${caseId ?? ""}`;
  bot.cards.schedule(key, async () => {
    let k: Kind = kind === "currentCase" ? "case" : kind;
    let c = caseId;
    if (kind === "currentCase") {
      c = (await getMeeting(bot.deps.store, meetingId))?.currentCaseId;
      if (!c) return;
      k = "case";
    }
    const stored = await bot.deps.store.get<CardDoc>("meetings", meetingId, cardId(k, c));
    if (!stored) return;
    const conv = await getConversation(bot.deps.store, stored.doc.conversationId);
    if (!conv) return;
    const card = await renderShared(bot, meetingId, k, c);
    if (!card) return;
    const r = await bot.proactive.updateCard(conv.ref as Partial<ConversationReference>, stored.doc.activityId, card);
    if (!r.ok) bot.deps.log.warn({ meetingId, kind: k, status: r.status }, "shared card update failed");
  });
}
