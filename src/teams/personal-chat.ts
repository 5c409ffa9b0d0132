/**
 * The 1:1 chat with the bot, for everyone: what happens when someone opens it
 * (a welcome card that fits their role in a new chat, then the notifications
 * kept for them while Teams could not reach them, in order, once), and
 * «sakliste» there: the cases waiting for this person.
 */
import { deliverKept } from "../app/kept-notices.js";
import { waitingCases, type WaitingCases } from "../app/waiting-cases.js";
import { hfCases } from "../app/hf-cases.js";
import { renderHfCases } from "../cards/hf-cases.js";
import { reasonText } from "./replies.js";
import type { Roster } from "../domain/roster.js";
import type { WaitingView } from "../cards/waiting.js";
import { renderWaiting } from "../cards/waiting.js";
import type { Locale } from "../i18n/index.js";
import { command } from "./command.js";
import type { TurnEnv } from "./context.js";
import { hfName } from "./coordinator/views.js";
import { welcomeCard } from "./help.js";

/**
 * Someone opened their 1:1 chat (installed the app, or wrote): the welcome
 * card when the chat is new, then whatever was kept for them.
 */
export async function openPersonalChat(e: TurnEnv, options: { welcome: boolean }): Promise<void> {
  const { io, app } = e;
  const { turn } = io;
  const person = turn.actor?.person;
  if (options.welcome) await io.sendCard(welcomeCard(app.svc.roster, person, turn.locale));
  if (!person) return;
  const kept = await deliverKept(app.svc, { personId: person.id, op: turn.op });
  if (kept.delivered + kept.dropped + kept.waiting > 0) app.log.info({ to: person.id, ...kept }, "kept notifications");
}

export function waitingView(roster: Roster, w: WaitingCases, locale: Locale): WaitingView {
  const summary = (c: WaitingCases["agendas"][number]["items"][number]["case"]) => ({
    caseId: c.id,
    code: c.code,
    methodName: c.method.name,
    applyingHfName: hfName(roster, c.applyingHfId),
    urgent: c.urgent,
  });
  return {
    locale,
    ...(w.parts.agendas
      ? {
          agendas: {
            mode: w.parts.agendas,
            meetings: w.agendas.map((a) => ({
              meetingDate: a.meeting.date,
              items: a.items.map((i) => ({ ...summary(i.case), ...(i.recusal ? { recusal: i.recusal } : {}) })),
            })),
          },
        }
      : {}),
    ...(w.parts.coordinator ? { coordinator: w.coordinator.map((i) => ({ ...summary(i.case), task: i.task, since: i.case.receivedAt })) } : {}),
    ...(w.parts.acknowledge
      ? {
          acknowledge: w.acknowledge.map((i) => ({
            caseId: i.case.id,
            code: i.case.code,
            methodName: i.case.method.name,
            recordId: i.recordId,
            sentAt: i.sentAt,
          })),
        }
      : {}),
  };
}

/** «sakliste» in the 1:1 chat (in a meeting chat it is the meeting's agenda card: src/teams/meeting/commands.ts). */
export const PERSONAL_COMMANDS = [
  command({
    words: "command.agenda",
    scope: "personal",
    async handle(e) {
      const { io, app, actor } = e;
      const w = await waitingCases(app.svc, { actor, at: io.turn.op.at });
      await io.sendCard(renderWaiting(waitingView(app.svc.roster, w, io.turn.locale)));
    },
  }),
  // Issue 14: «mine saker» — the HF's own cases with status and dates, for its decision recipients.
  command({
    words: "command.myCases",
    scope: "personal",
    async handle(e) {
      const { io, app, actor } = e;
      const r = await hfCases(app.svc, { actor });
      if (!r.ok) return void (await io.say(reasonText(io.turn.locale, r.reason)));
      await io.sendCard(renderHfCases({ locale: io.turn.locale, hfName: hfName(app.svc.roster, r.value.hfId), items: r.value.items }));
    },
  }),
];
