/**
 * Action.Execute handlers. Each invoke is validated (zod), authorized and
 * applied by a use case, answered with the acting user's own view of the card,
 * and followed by a coalesced update of the shared card for everyone else.
 */
import type { TurnContext } from "botbuilder";
import { parseCardAction, VERB_LIST, type CardAction } from "../cards/actions.js";
import {
  concludeCase,
  declareConflict,
  deferCase,
  recordAttendance,
  statePosition,
  takeUpCase,
} from "../app/meeting-service.js";
import type { Result } from "../domain/result.js";
import type { CaseInMeeting } from "../app/meeting-service.js";
import { hasMessage, t } from "../i18n/index.js";
import type { TurnEnv } from "./bot.js";
import { respondWithCard, respondWithMessage } from "./invoke-response.js";
import { postCaseCard, scheduleSharedUpdate } from "./shared-cards.js";
import { onConcluded } from "./after-conclusion.js";
import { agendaCardFor, attendanceCardFor, caseCardFor, reasonText } from "./views.js";
import { handleOfficeAction, isOfficeAction } from "./office/actions.js";

export const CARD_VERBS = VERB_LIST;

export async function handleCardAction(e: TurnEnv): Promise<void> {
  const { context, turn, bot } = e;
  const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const parsed = parseCardAction(action?.verb, action?.data ?? {});
  if (!parsed.ok) {
    bot.deps.log.info({ issues: parsed.issues.length }, "card action refused: invalid input");
    // Issues are "field: message"; a message that is a catalog key (e.g. privacy.nationalIdInText) is said in the user's language.
    const details = parsed.issues
      .map((issue) => {
        const [field, message = ""] = issue.split(/: (.*)/s);
        return hasMessage(message) ? t(turn.locale, message) : `${field}: ${message}`;
      })
      .join("; ");
    return respondWithMessage(context, t(turn.locale, "error.invalidInput", { details }));
  }
  if (!turn.actor) return respondWithMessage(context, t(turn.locale, "error.notOnRoster"));
  const a = parsed.action;
  if (isOfficeAction(a)) return handleOfficeAction(e, a);
  const svc = bot.deps;
  const actor = turn.actor;

  const refuseOr = async (result: Result<unknown>, then: () => Promise<void>) => {
    if (!result.ok) return respondWithMessage(context, reasonText(turn.locale, result.reason));
    await then();
  };
  const replyCase = async (m: string, c: string, preloaded?: CaseInMeeting) => respondWithCard(context, await caseCardFor(bot, m, c, turn, preloaded));
  const replyAgenda = async (m: string) => respondWithCard(context, await agendaCardFor(bot, m, turn));
  const replyAttendance = async (m: string) => respondWithCard(context, await attendanceCardFor(bot, m, turn));

  switch (a.verb) {
    case "refreshCase":
      return replyCase(a.meetingId, a.caseId);
    case "refreshAgenda":
      return replyAgenda(a.meetingId);
    case "refreshAttendance":
      return replyAttendance(a.meetingId);
    case "checkIn":
    case "checkOut": {
      const r = await recordAttendance(svc, { meetingId: a.meetingId, personId: actor.person.id, present: a.verb === "checkIn", source: "checkin", actor }, turn.op);
      return refuseOr(r, async () => {
        scheduleAfterAttendance(e, a.meetingId);
        await replyAttendance(a.meetingId);
      });
    }
    case "position": {
      const r = await statePosition(svc, { meetingId: a.meetingId, caseId: a.caseId, actor, position: a.position }, turn.op);
      return refuseOr(r, async () => {
        scheduleSharedUpdate(bot, a.meetingId, "case", a.caseId);
        scheduleSharedUpdate(bot, a.meetingId, "attendance");
        await replyCase(a.meetingId, a.caseId, r.ok ? r.value.loaded : undefined);
      });
    }
    case "declareConflict": {
      const r = await declareConflict(svc, { meetingId: a.meetingId, caseId: a.caseId, actor, reason: a.conflictReason }, turn.op);
      return refuseOr(r, async () => {
        scheduleSharedUpdate(bot, a.meetingId, "case", a.caseId);
        await replyCase(a.meetingId, a.caseId);
      });
    }
    case "conclude":
    case "defer": {
      const r =
        a.verb === "conclude"
          ? await concludeCase(svc, { meetingId: a.meetingId, caseId: a.caseId, actor }, turn.op)
          : await deferCase(svc, { meetingId: a.meetingId, caseId: a.caseId, actor, reason: a.deferReason }, turn.op);
      return refuseOr(r, async () => {
        if (r.ok && r.value.fresh) await onConcluded(e, r.value.conclusion);
        scheduleSharedUpdate(bot, a.meetingId, "case", a.caseId);
        scheduleSharedUpdate(bot, a.meetingId, "agenda");
        await replyCase(a.meetingId, a.caseId, r.ok ? r.value.loaded : undefined);
      });
    }
    case "takeUpCase": {
      const r = await takeUpCase(svc, { meetingId: a.meetingId, caseId: a.caseId, actor }, turn.op);
      return refuseOr(r, async () => {
        await postCaseCard(e, a.meetingId, a.caseId);
        scheduleSharedUpdate(bot, a.meetingId, "agenda");
        await replyAgenda(a.meetingId);
      });
    }
    default:
      return assertNever(a);
  }
}

function scheduleAfterAttendance(e: TurnEnv, meetingId: string): void {
  scheduleSharedUpdate(e.bot, meetingId, "attendance");
  scheduleSharedUpdate(e.bot, meetingId, "currentCase");
}

function assertNever(a: never): never {
  throw new Error(`unhandled card action ${(a as CardAction).verb}`);
}

export type { TurnContext };
