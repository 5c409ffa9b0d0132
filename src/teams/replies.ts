/** What both halves say the same way: a reason in words, a notice card, the roster check. (Help: src/teams/help.ts.) */
import { dateAndTime } from "../cards/member-comment.js";
import { recipientBreaches, validateComposition } from "../domain/roster-schema.js";
import type { AppCode } from "../app/reason-codes.js";
import type { Reason } from "../domain/result.js";
import type { Roster } from "../domain/roster.js";
import { renderNotice, type NoticeTone } from "../cards/notice.js";
import { hasMessage, t, type Locale, type MessageKey } from "../i18n/index.js";
import { telemetry } from "../telemetry.js";

/**
 * A use case's reason in the user's language; code-valued parameters (a
 * recusal reason) translated too. A reason about people (a refused conclusion)
 * names them: who disagrees, with their position, and who has not stated.
 */
export function reasonText(locale: Locale, reason: Reason<AppCode>): string {
  // Said to a user: a refusal, counted by its code.
  telemetry.refusal(reason.code);
  return reasonWords(locale, reason);
}

function reasonWords(locale: Locale, reason: Reason<AppCode>): string {
  const main = t(locale, reason.code, wordsFor(locale, reason.params ?? {}));
  // Only people the use case named: a roster id never reaches a user.
  const people = (reason.people ?? []).filter((p) => typeof p.name === "string" && p.name.length > 0);
  const positioned = people.filter((p) => hasMessage(`position.${p.state}`) && p.state !== "none");
  const notStated = people.filter((p) => p.state === "notStated");
  const lines = [main];
  if (positioned.length > 0) {
    const list = positioned
      .map((p) => t(locale, "consensus.people.entry", { name: p.name!, position: t(locale, `position.${p.state}` as MessageKey) }))
      .join(", ");
    lines.push(t(locale, "consensus.people.disagreeing", { list }));
  }
  if (notStated.length > 0) lines.push(t(locale, "consensus.people.notStated", { list: notStated.map((p) => p.name!).join(", ") }));
  return lines.join("\n");
}

/** Parameters that are codes (a status, a role, a recusal reason, a ground) in words, so no internal name reaches a user. */
function wordsFor(locale: Locale, params: Record<string, string | number>): Record<string, string | number> {
  const out = { ...params };
  const word = (name: string, prefix: string, lower = false) => {
    const key = `${prefix}.${String(out[name])}`;
    if (out[name] !== undefined && hasMessage(key)) out[name] = lower ? t(locale, key).toLowerCase() : t(locale, key);
  };
  for (const name of ["from", "to", "status"]) word(name, "status");
  word("role", "role", true);
  word("reason", "recusal");
  word("ground", "ground");
  word("criterion", "priority", true);
  // A moment (issue 14: until when the members may comment): its date and time in Oslo, as people read them.
  if (typeof out.until === "string" && /^\d{4}-\d{2}-\d{2}T/.test(out.until)) out.until = dateAndTime(locale, out.until);
  return out;
}

export function noticeCard(locale: Locale, title: string, lines: string[], tone: NoticeTone): object {
  return renderNotice({ locale, title, lines, tone });
}

/** The roster's composition breaches, in plain words (shown to the coordinator). */
export function rosterNoticeCard(roster: Roster, locale: Locale, hfIdsWithCases: Iterable<string> = []): object {
  // Issue 14: besides the composition, an HF with cases and nobody to receive its decisions.
  const breaches = [...validateComposition(roster), ...recipientBreaches(roster, hfIdsWithCases)];
  const lines = breaches.length === 0 ? [t(locale, "notice.rosterOk")] : breaches.map((b) => reasonWords(locale, b));
  return noticeCard(locale, t(locale, "notice.rosterTitle"), lines, breaches.length === 0 ? "info" : "warning");
}
