/**
 * What follows the chair's conclusion in Teams: a short notice in the meeting
 * chat. (The decision record's drafting and routing hook in here.)
 */
import type { Conclusion } from "../domain/meeting.js";
import { t } from "../i18n/index.js";
import type { TurnEnv } from "./bot.js";

export async function onConcluded(e: TurnEnv, conclusion: Conclusion): Promise<void> {
  const { context, turn } = e;
  const key = conclusion.result === "granted" ? "notice.caseGranted" : conclusion.result === "rejected" ? "notice.caseRejected" : "notice.caseDeferred";
  await context.sendActivity(t(turn.locale, key, { code: conclusion.caseId }));
}
