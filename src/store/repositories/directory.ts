/**
 * The conversations container (pk = id): conversation references for
 * proactive messages ("conv:<conversation id>") and the mapping from Teams
 * users to roster people ("user:<Entra object id>"). A reference is an opaque
 * object here: only src/teams knows its shape.
 */
import { idPart } from "../../app/context.js";
import type { Directory, TeamsConversation, TeamsUser } from "../../app/ports.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type UserDoc = TeamsUser & { id: string; type: "user" };
type ConversationDoc = TeamsConversation & { id: string; type: "conversation" };

const userId = (aadObjectId: string) => `user:${idPart(aadObjectId.toLowerCase())}`;
const conversationId = (id: string) => `conv:${idPart(id)}`;
const toUser = (doc: UserDoc): TeamsUser => withoutFields(doc, ["id", "type"] as const);
const toConversation = (doc: ConversationDoc): TeamsConversation => withoutFields(doc, ["id", "type"] as const);

export function directory(store: DocumentStore): Directory {
  return {
    async rememberUser(input) {
      const id = userId(input.aadObjectId);
      await store.update<UserDoc>("conversations", id, id, (current) => {
        const next: UserDoc = {
          ...(current ?? {}),
          id,
          type: "user",
          aadObjectId: input.aadObjectId.toLowerCase(),
          teamsUserId: input.teamsUserId ?? current?.teamsUserId ?? "",
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
    },
    async user(aadObjectId) {
      const id = userId(aadObjectId);
      const found = await store.get<UserDoc>("conversations", id, id);
      return found ? toUser(found.doc) : undefined;
    },
    async usersByRosterIds(rosterIds) {
      if (rosterIds.length === 0) return [];
      const docs = await store.queryAll<UserDoc>("conversations", "SELECT * FROM c WHERE c.type = 'user' AND ARRAY_CONTAINS(@ids, c.rosterId)", [
        { name: "@ids", value: rosterIds },
      ]);
      return docs.map(toUser);
    },
    async rememberConversation(input) {
      const id = conversationId(input.conversationId);
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
      return toConversation(stored!.doc);
    },
    async conversation(id) {
      const docId = conversationId(id);
      const found = await store.get<ConversationDoc>("conversations", docId, docId);
      return found ? toConversation(found.doc) : undefined;
    },
  };
}
