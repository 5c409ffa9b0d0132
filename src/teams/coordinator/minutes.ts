/**
 * The minutes (møteprotokoll, issue 14) in Teams: the chair's «avslutt møte»
 * and «protokoll» (the latest version's card), the coordinator's *Lagre* /
 * *Bekreft*, the chair's *Godkjenn* / *Be om endring*, and the PDF and
 * Markdown by file consent. Thin: parse, one use case, render.
 */
import { linkedMeetingId } from "../../app/meeting/link.js";
import {
  approveMeetingMinutes,
  endMeeting,
  latestMinutes,
  latestMinutesAnywhere,
  requestMeetingMinutesChange,
  reviseMeetingMinutes,
  saveMinutes,
} from "../../app/meeting/minutes.js";
import { nameOf } from "../../app/people.js";
import type { AppServices } from "../../app/services.js";
import { MEETING_ID } from "../../cards/actions.js";
import { renderMinutesCard, type MinutesCardEvent } from "../../cards/minutes.js";
import type { Minutes } from "../../domain/minutes.js";
import type { Person } from "../../domain/roster.js";
import { t, type Locale } from "../../i18n/index.js";
import type { VerbEnv, VerbTable } from "../card-verbs.js";
import { command } from "../command.js";
import { reasonText } from "../replies.js";
import { offerFile } from "./files.js";

export type MinutesVerb = "saveMinutes" | "confirmMinutes" | "approveMinutes" | "requestMinutesChange" | "reviseMinutes" | "offerMinutes";

/** The minutes card for one reader: the coordinator edits a draft, the chair signs off. */
export function minutesCard(
  svc: AppServices,
  minutes: Minutes,
  reader: Person,
  locale: Locale,
  extra: { event?: MinutesCardEvent; problems?: string[] } = {},
): object {
  const viewer = reader.role === "coordinator" ? "coordinator" : reader.role === "chair" ? "chair" : "other";
  return renderMinutesCard({ locale, minutes, names: (id) => nameOf(svc.roster, id), viewer, ...extra });
}

const coordinatorOnly = { who: (p: Person) => p.role === "coordinator", refusal: "error.notCoordinator" } as const;
const chairOnly = { who: (p: Person) => p.role === "chair", refusal: "error.notChair" } as const;
const leads = { who: (p: Person) => p.role === "chair" || p.role === "coordinator", refusal: "error.notChairOrCoordinator" } as const;

async function save(e: VerbEnv, a: { meetingId: string; minutesId: string; notes?: string | undefined }, confirm: boolean): Promise<void> {
  const { io, app, actor } = e;
  const { locale, op } = io.turn;
  const r = await saveMinutes(
    app.svc,
    { meetingId: a.meetingId, minutesId: a.minutesId, ...(a.notes !== undefined ? { notes: a.notes } : {}), confirm, actor },
    op,
  );
  if (!r.ok) return io.answerMessage(reasonText(locale, r.reason));
  await io.say(t(locale, confirm ? "minutesCard.confirmedSent" : "minutesCard.saved"));
  return io.answerCard(minutesCard(app.svc, r.value.minutes, actor.person, locale));
}

export const MINUTES_VERBS = {
  saveMinutes: { allow: coordinatorOnly, handle: (e, a) => save(e, a, false) },
  confirmMinutes: { allow: coordinatorOnly, handle: (e, a) => save(e, a, true) },
  approveMinutes: {
    allow: chairOnly,
    async handle(e, a) {
      const { locale, op } = e.io.turn;
      const r = await approveMeetingMinutes(e.app.svc, { meetingId: a.meetingId, minutesId: a.minutesId, actor: e.actor }, op);
      if (!r.ok) return e.io.answerMessage(reasonText(locale, r.reason));
      return e.io.answerCard(minutesCard(e.app.svc, r.value.minutes, e.actor.person, locale, { event: "approved" }));
    },
  },
  requestMinutesChange: {
    allow: chairOnly,
    async handle(e, a) {
      const { locale, op } = e.io.turn;
      const r = await requestMeetingMinutesChange(e.app.svc, { meetingId: a.meetingId, minutesId: a.minutesId, comment: a.changeComment, actor: e.actor }, op);
      if (!r.ok) return e.io.answerMessage(reasonText(locale, r.reason));
      return e.io.answerMessage(t(locale, "minutesCard.changeRequestedSent"));
    },
  },
  reviseMinutes: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { locale, op } = e.io.turn;
      const r = await reviseMeetingMinutes(e.app.svc, { meetingId: a.meetingId, minutesId: a.minutesId, actor: e.actor }, op);
      if (!r.ok) return e.io.answerMessage(reasonText(locale, r.reason));
      return e.io.answerCard(minutesCard(e.app.svc, r.value.minutes, e.actor.person, locale));
    },
  },
  offerMinutes: {
    allow: leads,
    async handle(e, a) {
      const { io, app } = e;
      const { locale, op } = io.turn;
      await offerFile(
        app,
        { locale, at: op.at },
        { kind: a.format === "pdf" ? "minutesPdf" : "minutesMarkdown", meetingId: a.meetingId, minutesId: a.minutesId },
        (att) => io.sendAttachment(att),
        (text) => io.say(text),
      );
      return io.answerMessage(t(locale, "files.offered"));
    },
  },
} satisfies VerbTable<MinutesVerb>;

export const MINUTES_COMMANDS = [
  // The chair ends the meeting in its chat: the minutes are drafted once (as at Teams' meetingEnd).
  command({
    words: "command.endMeeting",
    scope: "chat",
    who: { roles: ["chair"], refusal: "error.notChair" },
    async handle(e) {
      const { io, app, actor } = e;
      const { locale, op } = io.turn;
      const meetingId = await linkedMeetingId(app.svc, io.turn.conversationId);
      if (!meetingId) return void (await io.say(t(locale, "error.meetingNotLinked")));
      const r = await endMeeting(app.svc, { meetingId, actor }, op);
      if (!r.ok) return void (await io.say(reasonText(locale, r.reason)));
      await io.say(r.value.drafted ? t(locale, "minutesCard.drafted") : t(locale, "minutesCard.alreadyDrafted", { version: r.value.minutes.version }));
    },
  }),
  // «protokoll» (optionally a meeting id): the latest version's card; in a meeting chat, that meeting's.
  command({
    words: "command.meetingMinutes",
    scope: "any",
    who: { roles: ["chair", "coordinator"], refusal: "error.notChairOrCoordinator" },
    args: (rest) => (rest === "" ? {} : MEETING_ID.test(rest) ? { meetingId: rest } : undefined),
    async handle(e, a: { meetingId?: string }) {
      const { io, app, actor } = e;
      const { locale } = io.turn;
      const meetingId = a.meetingId ?? (io.turn.isPersonal ? undefined : await linkedMeetingId(app.svc, io.turn.conversationId));
      const r = meetingId ? await latestMinutes(app.svc, { meetingId, actor }) : await latestMinutesAnywhere(app.svc, { actor });
      if (!r.ok) return void (await io.say(reasonText(locale, r.reason)));
      if (!r.value) return void (await io.say(t(locale, "minutesCard.none")));
      await io.sendCard(minutesCard(app.svc, r.value, actor.person, locale));
    },
  }),
];
