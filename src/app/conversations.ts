/**
 * Conversation references (for proactive messages) and the mapping from Teams
 * users to roster people, in the `conversations` container (pk = id).
 * A reference is kept as an opaque object: only src/teams knows its shape.
 */
import { idPart } from "./ids.js";
import type { DocumentStore } from "./ports.js";

export type ConversationRef = Record<string, unknown>;

export interface UserDoc {
  id: string; // "user:<aadObjectId>"
  type: "user";
  aadObjectId: string;
  teamsUserId: string; // "29:…", for refresh.userIds and mentions
  rosterId?: string;
  personalRef?: ConversationRef; // the 1:1 chat with the bot
  locale?: string;
  updatedAt: string;
}

export interface ConversationDoc {
  id: string; // "conv:<conversationId>"
  type: "conversation";
  conversationId: string;
  ref: ConversationRef;
  meetingId?: string; // the committee meeting linked to this chat
  teamsMeetingId?: string;
  updatedAt: string;
}

export const userDocId = (aadObjectId: string) => `user:${idPart(aadObjectId.toLowerCase())}`;
export const conversationDocId = (conversationId: string) => `conv:${idPart(conversationId)}`;

export async function rememberUser(
  store: DocumentStore,
  input: { aadObjectId: string; teamsUserId: string; rosterId?: string; personalRef?: ConversationRef; locale?: string; at: string },
): Promise<void> {
  await store.update<UserDoc>("conversations", userDocId(input.aadObjectId), userDocId(input.aadObjectId), (current) => {
    const next: UserDoc = {
      ...(current ?? {}),
      id: userDocId(input.aadObjectId),
      type: "user",
      aadObjectId: input.aadObjectId.toLowerCase(),
      teamsUserId: input.teamsUserId,
      updatedAt: input.at,
      ...(input.rosterId ? { rosterId: input.rosterId } : {}),
      ...(input.personalRef ? { personalRef: input.personalRef } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
    };
    const same =
      current &&
      current.teamsUserId === next.teamsUserId &&
      current.rosterId === next.rosterId &&
      current.locale === next.locale &&
      JSON.stringify(current.personalRef) === JSON.stringify(next.personalRef);
    return same ? undefined : next;
  });
}

export async function getUser(store: DocumentStore, aadObjectId: string): Promise<UserDoc | undefined> {
  return (await store.get<UserDoc>("conversations", userDocId(aadObjectId), userDocId(aadObjectId)))?.doc;
}

export async function usersByRosterIds(store: DocumentStore, rosterIds: string[]): Promise<UserDoc[]> {
  if (rosterIds.length === 0) return [];
  return store.queryAll<UserDoc>("conversations", "SELECT * FROM c WHERE c.type = 'user' AND ARRAY_CONTAINS(@ids, c.rosterId)", [
    { name: "@ids", value: rosterIds },
  ]);
}

export async function rememberConversation(
  store: DocumentStore,
  input: { conversationId: string; ref: ConversationRef; meetingId?: string; teamsMeetingId?: string; at: string },
): Promise<ConversationDoc> {
  const id = conversationDocId(input.conversationId);
  const stored = await store.update<ConversationDoc>("conversations", id, id, (current) => {
    const next: ConversationDoc = {
      ...(current ?? {}),
      id,
      type: "conversation",
      conversationId: input.conversationId,
      ref: input.ref,
      updatedAt: input.at,
      ...(input.meetingId ? { meetingId: input.meetingId } : {}),
      ...(input.teamsMeetingId ? { teamsMeetingId: input.teamsMeetingId } : {}),
    };
    const same =
      current &&
      current.meetingId === next.meetingId &&
      current.teamsMeetingId === next.teamsMeetingId &&
      JSON.stringify(current.ref) === JSON.stringify(next.ref);
    return same ? undefined : next;
  });
  return stored!.doc;
}

export async function getConversation(store: DocumentStore, conversationId: string): Promise<ConversationDoc | undefined> {
  const id = conversationDocId(conversationId);
  return (await store.get<ConversationDoc>("conversations", id, id))?.doc;
}
