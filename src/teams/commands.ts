/**
 * Text commands, in bokmål or English, in the meeting chat or 1:1 chat.
 * Anything the bot doesn't understand gets the help text, never silence.
 */
import { linkedMeetingId } from "../app/meeting-link.js";
import { recordAttendance, takeUpCase } from "../app/meeting-service.js";
import { loadMeetingState } from "../app/meeting-store.js";
import { CASE_ID, MEETING_ID } from "../cards/actions.js";
import { t } from "../i18n/index.js";
import type { TurnEnv } from "./bot.js";
import { handleBotAdded } from "./meeting-handlers.js";
import { postCaseCard, postSharedCard, scheduleSharedUpdate } from "./shared-cards.js";
import { reasonText, rosterNoticeCard, helpText } from "./views.js";
import { CardFactory, MessageFactory } from "botbuilder";
import type { CommandExtension } from "./hooks.js";

type Command =
  | { name: "help" }
  | { name: "agenda" }
  | { name: "attendance" }
  | { name: "link"; meetingId?: string }
  | { name: "next" }
  | { name: "case"; caseId: string }
  | { name: "checkIn" }
  | { name: "checkOut" }
  | { name: "roster" }
  | { name: "unknown" };

export function parseCommand(raw: string | undefined): Command {
  const text = (raw ?? "").slice(0, 500).trim().replace(/\s+/g, " ").replace(/[.!?]+$/, "");
  const lower = text.toLowerCase();
  const word = (...alts: string[]) => alts.includes(lower);
  if (word("hjelp", "help", "?")) return { name: "help" };
  if (word("sakliste", "agenda")) return { name: "agenda" };
  if (word("oppmøte", "oppmote", "attendance")) return { name: "attendance" };
  if (word("neste sak", "next case", "next")) return { name: "next" };
  if (word("sjekk inn", "check in", "check-in")) return { name: "checkIn" };
  if (word("sjekk ut", "check out", "check-out")) return { name: "checkOut" };
  if (word("sammensetning", "roster", "komiteen")) return { name: "roster" };
  const link = /^(?:koble møte|koble mote|link meeting)(?: (\S+))?$/i.exec(text);
  if (link) {
    const id = link[1];
    return id && MEETING_ID.test(id) ? { name: "link", meetingId: id } : id ? { name: "unknown" } : { name: "link" };
  }
  const c = /^(?:sak|case) (\S+)$/i.exec(text);
  if (c && CASE_ID.test(c[1]!.toUpperCase())) return { name: "case", caseId: c[1]!.toUpperCase() };
  return { name: "unknown" };
}

export async function handleCommand(e: TurnEnv, extensions: CommandExtension[] = []): Promise<void> {
  const { context, turn, bot } = e;
  for (const ext of extensions) if (await ext(e)) return;
  const cmd = parseCommand(context.activity.text);
  const say = (text: string) => context.sendActivity(text);

  if (cmd.name === "help" || cmd.name === "unknown") {
    await say(helpText(turn.locale, turn.actor?.person.role));
    return;
  }
  if (!turn.actor) {
    await say(t(turn.locale, "error.notOnRoster"));
    return;
  }
  if (cmd.name === "roster") {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(rosterNoticeCard(bot, turn.locale))));
    return;
  }
  if (cmd.name === "link") {
    if (!["chair", "coordinator"].includes(turn.actor.person.role)) {
      await say(t(turn.locale, "error.notChairOrCoordinator"));
      return;
    }
    await handleBotAdded(e, cmd.meetingId ? { meetingId: cmd.meetingId } : {});
    return;
  }
  const meetingId = await linkedMeetingId(bot.deps.store, turn.conversationId);
  if (!meetingId) {
    await say(t(turn.locale, "error.meetingNotLinked"));
    return;
  }
  switch (cmd.name) {
    case "agenda":
      await postSharedCard(e, meetingId, "agenda");
      return;
    case "attendance":
      await postSharedCard(e, meetingId, "attendance");
      return;
    case "case":
      if (!(await postCaseCard(e, meetingId, cmd.caseId))) await say(t(turn.locale, "error.caseNotInMeeting", { caseId: cmd.caseId }));
      return;
    case "checkIn":
    case "checkOut": {
      const r = await recordAttendance(
        bot.deps,
        { meetingId, personId: turn.actor.person.id, present: cmd.name === "checkIn", source: "checkin", actor: turn.actor },
        turn.op,
      );
      if (!r.ok) await say(reasonText(turn.locale, r.reason));
      else {
        await say(t(turn.locale, cmd.name === "checkIn" ? "notice.checkedIn" : "notice.checkedOut", { name: turn.actor.person.name }));
        scheduleSharedUpdate(bot, meetingId, "attendance");
        scheduleSharedUpdate(bot, meetingId, "currentCase");
      }
      return;
    }
    case "next": {
      const state = await loadMeetingState(bot.deps.store, meetingId);
      const concluded = new Set(state?.conclusions.map((c) => c.caseId) ?? []);
      const next = state?.meeting.agenda.find((id) => !concluded.has(id) && id !== state.meeting.currentCaseId) ??
        state?.meeting.agenda.find((id) => !concluded.has(id));
      if (!next) {
        await say(t(turn.locale, "notice.agendaDone"));
        return;
      }
      const r = await takeUpCase(bot.deps, { meetingId, caseId: next, actor: turn.actor }, turn.op);
      if (!r.ok) {
        await say(reasonText(turn.locale, r.reason));
        return;
      }
      await postCaseCard(e, meetingId, next);
      scheduleSharedUpdate(bot, meetingId, "agenda");
      return;
    }
  }
}
