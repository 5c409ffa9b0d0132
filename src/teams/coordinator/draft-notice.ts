/**
 * After the chair's conclusion: the draft record goes to the coordinator(s).
 * When Teams reaches none of them, the chair is told in the meeting chat that
 * the draft waits for the coordinator (kept, shown the next time they open
 * the chat with the bot), or, when it could not even be kept, to tell them.
 */
import { announceDraft } from "../../app/coordinator/records.js";
import type { DecisionRecord } from "../../domain/decision-record.js";
import { t } from "../../i18n/index.js";
import type { TurnEnv } from "../context.js";

/** Runs after the answer (the sends may be throttled); reports into this turn's chat. */
export function announceDraftAfterConclusion(e: TurnEnv, record: DecisionRecord): void {
  const { io, app } = e;
  const ref = io.reference();
  const { locale } = io.turn;
  app.tasks.run("announceDraft", async () => {
    const told = await announceDraft(app.svc, record);
    if (told.delivered) return;
    app.log.warn({ caseId: record.caseId, recordId: record.id, kept: told.kept }, "draft record reached no coordinator");
    await app.sender.say(ref, t(locale, told.kept ? "notice.draftWaiting" : "notice.draftNotDelivered", { code: record.caseCode }));
  });
}
