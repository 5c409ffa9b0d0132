/**
 * The Notifier port in Teams: renders each message as a card in the
 * recipient's language and sends it to their 1:1 chat with the bot.
 */
import type { CoordinatorAlert, Delivery, Notifier, PapersItem } from "../../app/notifier.js";
import { nameOf, personById } from "../../app/people.js";
import { renderCoordinatorAlert } from "../../cards/alerts.js";
import { renderRoutedDecision } from "../../cards/decision.js";
import { renderCaseReceived, renderCaseReturned } from "../../cards/hf-notices.js";
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

export class TeamsNotifier implements Notifier {
  constructor(private readonly deps: DeliveryDeps & { now: () => Date; bookLink?: BookLink }) {}

  caseReceived(to: string, c: Case): Promise<Delivery> {
    const { roster } = this.deps;
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
        renderCaseReceived({
          locale,
          code: c.code,
          methodName: c.method.name,
          applyingHfName: hfName(roster, c.applyingHfId),
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
        renderCaseReturned({ locale, code: c.code, methodName: c.method.name, applyingHfName: hfName(roster, c.applyingHfId), returnedAt, missing }),
      undefined,
      "caseReturned",
    );
  }

  papers(to: string, meeting: Meeting, items: PapersItem[]): Promise<Delivery> {
    const deadline = papersDeadline(meeting.startsAt);
    const late = this.deps.now().getTime() > Date.parse(deadline);
    return deliverCard(
      this.deps,
      to,
      (_p, locale) =>
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
        }),
      undefined,
      "papers",
    );
  }

  recordDrafted(to: string, record: DecisionRecord): Promise<Delivery> {
    return deliverCard(this.deps, to, (_p, locale) => renderRecordCard(recordView(this.deps.roster, record, undefined, locale)), undefined, "recordDrafted");
  }

  decisionRouted(to: string, record: DecisionRecord): Promise<Delivery> {
    return deliverCard(this.deps, to, (_p, locale) => renderRoutedDecision({ locale, record }), undefined, "decisionRouted");
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
      (_p, locale) => renderCoordinatorAlert({ locale, alert, ...(recipientName ? { recipientName } : {}), ...hf }),
      undefined,
      `alert.${alert.kind}`,
    );
  }
}
