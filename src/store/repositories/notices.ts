/**
 * Notifications kept for people Teams could not reach, in the conversations
 * container (pk = id) beside the directory: one small document per person and
 * notice ("notice:<roster id>:<key>"), so keeping the same notice twice
 * writes nothing, and two deliveries at once claim each notice for one of
 * them only. Delivered notices stay, marked, so a notice is delivered once.
 */
import { idPart } from "../../app/context.js";
import type { NoticeShelf, WaitingNotice } from "../../app/ports.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type State = "waiting" | "delivering" | "delivered" | "dropped";
type NoticeDoc = WaitingNotice & { id: string; type: "notice"; state: State; claimedBy?: string; claimedAt?: string; settledAt?: string };

/** How long a claim that never finished (the process stopped mid-send) keeps another delivery out. */
export const NOTICE_CLAIM_STALE_MS = 2 * 60_000;

const docId = (personId: string, key: string) => `notice:${idPart(personId)}:${idPart(key)}`;
const toNotice = (doc: NoticeDoc): WaitingNotice => withoutFields(doc, ["id", "type", "state", "claimedBy", "claimedAt", "settledAt"] as const);
const open = (state: State) => state === "waiting" || state === "delivering";

export function noticeShelf(store: DocumentStore): NoticeShelf {
  return {
    async keep(notice) {
      const id = docId(notice.personId, notice.key);
      let waits = true;
      await store.update<NoticeDoc>("conversations", id, id, (current) => {
        if (current) {
          waits = open(current.state);
          return undefined;
        }
        waits = true;
        return { ...notice, id, type: "notice", state: "waiting" };
      });
      return waits;
    },
    async waiting(personId) {
      const docs = await store.queryAll<NoticeDoc>(
        "conversations",
        "SELECT * FROM c WHERE c.type = 'notice' AND c.personId = @person AND (c.state = 'waiting' OR c.state = 'delivering')",
        [{ name: "@person", value: personId }],
      );
      return docs.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)).map(toNotice);
    },
    async claim(personId, key, by, at) {
      const id = docId(personId, key);
      let mine = false;
      await store.update<NoticeDoc>("conversations", id, id, (current) => {
        mine = false; // the mutator runs again after a lost race: only its last run counts
        if (!current || !open(current.state)) return undefined;
        const stale = current.state === "delivering" && Date.parse(at) - Date.parse(current.claimedAt ?? at) > NOTICE_CLAIM_STALE_MS;
        if (current.state === "delivering" && current.claimedBy !== by && !stale) return undefined;
        mine = true;
        return { ...current, state: "delivering", claimedBy: by, claimedAt: at };
      });
      return mine;
    },
    async firstTime(key, at) {
      const id = `once:${idPart(key)}`;
      let first = false;
      await store.update<{ id: string; type: "once"; key: string; at: string }>("conversations", id, id, (current) => {
        first = !current;
        return current ? undefined : { id, type: "once", key, at };
      });
      return first;
    },
    async settle(personId, key, by, at, outcome) {
      const id = docId(personId, key);
      await store.update<NoticeDoc>("conversations", id, id, (current) => {
        if (!current || current.state !== "delivering" || current.claimedBy !== by) return undefined; // not ours (any more)
        const { claimedBy: _b, claimedAt: _a, ...rest } = current;
        return { ...rest, state: outcome === "failed" ? "waiting" : outcome, settledAt: at };
      });
    },
  };
}
