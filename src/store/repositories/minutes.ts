/**
 * The minutes (møteprotokoll) of a meeting, in the meeting's partition of the
 * meetings container: one document per version (id "<meetingId>:minutes:v<n>"),
 * created once, changed under optimistic concurrency (ETag) while a draft or
 * awaiting the chair. An approved version is never written again.
 */
import type { Minutes } from "../../domain/minutes.js";
import type { MinutesRepository } from "../../app/ports.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type MinutesDoc = Minutes & { type: "minutes" };

const toMinutes = (doc: MinutesDoc): Minutes => withoutFields(doc, ["type"] as const);

export function minutesRepository(store: DocumentStore): MinutesRepository {
  return {
    async versions(meetingId) {
      const docs = await store.query<MinutesDoc>("meetings", meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type = 'minutes'");
      return docs.map(toMinutes).sort((a, b) => a.version - b.version);
    },
    async get(meetingId, minutesId) {
      const found = await store.get<MinutesDoc>("meetings", meetingId, minutesId);
      return found && found.doc.type === "minutes" ? toMinutes(found.doc) : undefined;
    },
    add(minutes) {
      return store.createIfAbsent<MinutesDoc>("meetings", { ...minutes, type: "minutes" });
    },
    async change(meetingId, minutesId, mutate) {
      const stored = await store.update<MinutesDoc>("meetings", meetingId, minutesId, (doc) => {
        if (!doc || doc.type !== "minutes") return undefined;
        // An approved version is immutable: a change is a new version (reviseMinutes).
        if (doc.status === "approved") return undefined;
        const next = mutate(toMinutes(doc));
        return next && { ...next, type: "minutes" };
      });
      return stored && stored.doc.type === "minutes" ? toMinutes(stored.doc) : undefined;
    },
  };
}
