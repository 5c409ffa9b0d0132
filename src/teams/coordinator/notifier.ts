/**
 * The Notifier port in Teams: renders each message as a card in the
 * recipient's language and sends it to their 1:1 chat with the bot.
 */
import type { ApprovalReview, CoordinatorAlert, Delivery, MinutesEvent, Notifier, PapersItem, TimeWarningNotice } from "../../app/notifier.js";
import { renderMinutesCard } from "../../cards/minutes.js";
import { dateAndTime, renderMemberCommentCard } from "../../cards/member-comment.js";
import type { Minutes } from "../../domain/minutes.js";
import { renderNotice } from "../../cards/notice.js";
import { t, type Locale } from "../../i18n/index.js";
import type { Roster } from "../../domain/roster.js";
import type { ForecastView } from "../../app/meeting/preparation.js";
import type { SubstituteInvitation } from "../../app/ports.js";
import { invitationReply, papersCard, renderForecastFor } from "../meeting/preparation.js";
import { isVoter, nameOf, personById } from "../../app/people.js";
import { renderCoordinatorAlert } from "../../cards/alerts.js";
import { renderRoutedDecision } from "../../cards/decision.js";
import { renderCaseDeferred, renderCaseReceived, renderCaseReturned } from "../../cards/hf-notices.js";
import type { DeferralNotice } from "../../app/meeting/deferral-notice.js";
import { renderPapers } from "../../cards/papers.js";
import { renderRecordCard } from "../../cards/record.js";
import { papersDeadline } from "../../domain/calendar.js";
import type { Case } from "../../domain/case.js";
import type { MissingItem } from "../../domain/completeness.js";
import type { DecisionRecord } from "../../domain/decision-record.js";
import type { Meeting } from "../../domain/meeting.js";
import type { BookLink } from "../book-link.js";
import { deliverCard, type DeliveryDeps } from "../deliver.js";
import { hfName, papersCase, recordView } from "./views.js";
import type { FollowUp } from "../../domain/follow-up.js";
import type { GroupProposal } from "../../domain/group-proposal.js";
import { followUpCard, proposalCard } from "./follow-up.js";
import type { MemberPosition } from "../../app/coordinator/member-reasons.js";

/** The case as every notice to the applying HF names it (the frame of src/cards/hf-notices.ts). */
const hfNoticeCase = (roster: Roster, c: Case, locale: Locale) => ({
  locale,
  code: c.code,
  methodName: c.method.name,
  applyingHfName: hfName(roster, c.applyingHfId),
});

export class TeamsNotifier implements Notifier {
  constructor(private readonly deps: DeliveryDeps & { now: () => Date; bookLink?: BookLink }) {}

  caseReceived(to: string, c: Case): Promise<Delivery> {
    const { roster } = this.deps;
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderCaseReceived({
          ...hfNoticeCase(roster, c, locale),
          receivedAt: c.receivedAt,
          urgent: c.urgent,
        }),
      undefined,
      "caseReceived",
    );
  }

  caseReturned(to: string, c: Case, missing: MissingItem[]): Promise<Delivery> {
    const { roster } = this.deps;
    const returnedAt = c.returns.at(-1)?.at ?? this.deps.now().toISOString();
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderCaseReturned({
          ...hfNoticeCase(roster, c, locale),
          returnedAt,
          missing,
          ...(c.returns.at(-1)?.reason ? { reason: c.returns.at(-1)!.reason! } : {}),
        }),
      undefined,
      "caseReturned",
    );
  }

  caseDeferred(to: string, c: Case, notice: DeferralNotice): Promise<Delivery> {
    const { roster } = this.deps;
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderCaseDeferred({
          ...hfNoticeCase(roster, c, locale),
          meetingDate: notice.meetingDate,
          reason: notice.reason,
          ...(notice.nextMeetingDate ? { nextMeetingDate: notice.nextMeetingDate } : {}),
        }),
      undefined,
      "caseDeferred",
    );
  }

  papers(to: string, meeting: Meeting, items: PapersItem[]): Promise<Delivery> {
    const deadline = papersDeadline(meeting.startsAt);
    const late = this.deps.now().getTime() > Date.parse(deadline);
    return deliverCard(
      this.deps,
      to,
      (p, locale) =>
        renderPapers({
          locale,
          meetingId: meeting.id,
          meetingDate: meeting.date,
          papersDeadline: deadline,
          late,
          items: items.map((i) => {
            const bookUrl = this.deps.bookLink?.(i.case.code);
            return { ...papersCase(this.deps.roster, i), ...(bookUrl ? { bookUrl } : {}) };
          }),
          // Only members and substitutes answer the papers (issue 13).
          ...(isVoter(p) ? { reply: {} } : {}),
        }),
      undefined,
      "papers",
    );
  }

  substituteInvited(to: string, meeting: Meeting, invitation: SubstituteInvitation, items: PapersItem[]): Promise<Delivery> {
    const { roster } = this.deps;
    return deliverCard(
      this.deps,
      to,
      (_p, locale) => papersCard(roster, locale, this.deps.now(), meeting, items, { invitation: invitationReply(roster, invitation)! }),
      undefined,
      "substituteInvited",
    );
  }

  async forecast(to: string, view: ForecastView, place?: { activityId: string }): Promise<Delivery> {
    const { roster } = this.deps;
    const at = this.deps.now().toISOString();
    if (!place) return deliverCard(this.deps, to, (_p, locale) => renderForecastFor(roster, view, locale, at), undefined, "forecast");
    const person = personById(roster, to);
    const user = person?.aadObjectId ? await this.deps.directory.user(person.aadObjectId) : undefined;
    if (!user?.personalRef) return { ok: false, reason: "noConversation" };
    const locale = user.locale === "en" || person?.locale === "en" ? "en" : "nb";
    const sent = await this.deps.sender.updateCard(user.personalRef, place.activityId, renderForecastFor(roster, view, locale, at));
    return sent.ok ? { ok: true, activityId: place.activityId } : { ok: false, reason: "failed", ...(sent.status ? { status: sent.status } : {}) };
  }

  recordDrafted(to: string, record: DecisionRecord, positions?: MemberPosition[]): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (_p, locale) => renderRecordCard({ ...recordView(this.deps.roster, record, undefined, locale), ...(positions ? { memberPositions: positions } : {}) }),
      undefined,
      "recordDrafted",
    );
  }

  // Issue 14, sign-off: the chair's card to approve, and the coordinator's card with the chair's answer.
  approvalAsked(to: string, record: DecisionRecord, review?: ApprovalReview): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderRecordCard({
          ...recordView(this.deps.roster, record, undefined, locale),
          forChair: true,
          // Issue 14, the members' comment window: their comments so far, and when it closes.
          ...(review ? { memberComments: review.comments.map((c) => ({ name: nameOf(this.deps.roster, c.personId), comment: c.comment })) } : {}),
          ...(review?.until ? { commentsUntil: dateAndTime(locale, review.until) } : {}),
        }),
      undefined,
      "approvalAsked",
    );
  }

  commentAsked(to: string, record: DecisionRecord, until: string): Promise<Delivery> {
    return deliverCard(this.deps, to, (_p, locale) => renderMemberCommentCard({ locale, record, until }), undefined, "commentAsked");
  }

  signedOff(to: string, record: DecisionRecord, event: "approved" | "changeRequested"): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (_p, locale) => renderRecordCard({ ...recordView(this.deps.roster, record, undefined, locale), signOffEvent: event }),
      undefined,
      "signedOff",
    );
  }

  // Issue 14: the minutes card in the reader's 1:1 chat (drafted and answered: the coordinator; approval asked: the chair).
  minutes(to: string, minutes: Minutes, event: MinutesEvent): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (person, locale) =>
        renderMinutesCard({
          locale,
          minutes,
          names: (id) => nameOf(this.deps.roster, id),
          viewer: person.role === "coordinator" ? "coordinator" : person.role === "chair" ? "chair" : "other",
          event,
        }),
      undefined,
      "minutes",
    );
  }

  // Issue 15 (wip/follow): the HF's follow-up card of a grant, and the reminder of a group-level proposal still to be sent.
  followUp(to: string, followUp: FollowUp, kind: "due" | "reminder"): Promise<Delivery> {
    return deliverCard(this.deps, to, (_p, locale) => followUpCard(this.deps, followUp, locale, { reminder: kind === "reminder" }), undefined, "followUp");
  }

  async proposalReminder(to: string, proposal: GroupProposal): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        proposalCard(
          locale,
          {
            caseId: proposal.caseId,
            caseCode: proposal.caseCode,
            methodName: proposal.methodName,
            nyeMetoderId: proposal.nyeMetoderId,
            suggested: true,
            proposal,
          },
          { reminder: true },
        ),
      undefined,
      "proposalReminder",
    );
  }

  decisionRouted(to: string, record: DecisionRecord): Promise<Delivery> {
    // Issue 15: the follow-up's responsible HF by name, when it is not the applying HF.
    const responsible =
      record.followUp && record.followUp.responsibleHfId !== record.applyingHf.id ? hfName(this.deps.roster, record.followUp.responsibleHfId) : undefined;
    return deliverCard(
      this.deps,
      to,
      (_p, locale) => renderRoutedDecision({ locale, record, ...(responsible ? { responsibleHfName: responsible } : {}) }),
      undefined,
      "decisionRouted",
    );
  }

  async meetingTimeWarning(meeting: Meeting, warning: TimeWarningNotice): Promise<Delivery> {
    const conversationId = meeting.teams?.conversationId;
    const conv = conversationId ? await this.deps.directory.conversation(conversationId) : undefined;
    if (!conv) return { ok: false, reason: "noConversation" };
    // The meeting chat is shared: said in the committee's language, as the shared cards are.
    const sent = await this.deps.sender.say(conv.ref, t("nb", "timeWarning.text", { ...warning }));
    if (sent.ok) return { ok: true };
    this.deps.log?.warn({ meetingId: meeting.id, status: sent.status }, "time warning not posted in the meeting chat");
    return { ok: false, reason: sent.status === 403 ? "blocked" : "failed", ...(sent.status ? { status: sent.status } : {}) };
  }

  chairTimeWarning(to: string, warning: TimeWarningNotice): Promise<Delivery> {
    return deliverCard(
      this.deps,
      to,
      (_p, locale) => renderNotice({ locale, title: t(locale, "timeWarning.title"), lines: [t(locale, "timeWarning.text", { ...warning })], tone: "warning" }),
      undefined,
      "timeWarning",
    );
  }

  alertCoordinator(to: string, alert: CoordinatorAlert): Promise<Delivery> {
    const { roster } = this.deps;
    const recipientName = "recipientId" in alert && alert.recipientId ? nameOf(roster, alert.recipientId) : undefined;
    // The applying HF by name: the routing's, or the HF of the person who acknowledged.
    const hfId = alert.kind === "routingFailed" ? alert.hfId : alert.kind === "acknowledged" ? personById(roster, alert.recipientId)?.hfId : undefined;
    const hf = hfId ? { hfName: hfName(roster, hfId) } : {};
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderCoordinatorAlert({
          locale,
          alert,
          ...(recipientName ? { recipientName } : {}),
          ...hf,
          ...(alert.kind === "forecastBelow"
            ? { names: Object.fromEntries(alert.cases.flatMap((c) => c.substitutes).map((id) => [id, nameOf(roster, id)])) }
            : {}),
        }),
      undefined,
      `alert.${alert.kind}`,
    );
  }
}
