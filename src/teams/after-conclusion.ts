/**
 * What follows the chair's conclusion in Teams: a short notice in the meeting
 * chat and, for a decided case, the draft decision record to the coordinator.
 */
import { draftRecord } from "../app/record-service.js";
import type { Conclusion } from "../domain/meeting.js";
import { t } from "../i18n/index.js";
import type { TurnEnv } from "./bot.js";

export async function onConcluded(e: TurnEnv, conclusion: Conclusion): Promise<void> {
  const { context, turn, bot } = e;
  const key = conclusion.result === "granted" ? "notice.caseGranted" : conclusion.result === "rejected" ? "notice.caseRejected" : "notice.caseDeferred";
  await context.sendActivity(t(turn.locale, key, { code: conclusion.caseId }));
  const office = bot.deps.office;
  if (conclusion.result === "deferred" || !office) return;
  // Drafting and delivering the record to the coordinator need not hold up the chair's click.
  bot.tasks.run("draftRecord", async () => {
    const drafted = await draftRecord(office, { caseId: conclusion.caseId, meetingId: conclusion.meetingId, actor: "system", op: turn.op });
    if (!drafted.ok) bot.deps.log.warn({ code: drafted.reason.code, caseId: conclusion.caseId }, "decision record not drafted");
  });
}
