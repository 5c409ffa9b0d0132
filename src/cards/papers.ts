/**
 * The case papers (saksunderlag) card for one member: the meeting's agenda
 * with each case's short summary, and, on every case the member is recused
 * from, "Du er inhabil i denne saken: …". Members are the committee, so costs
 * show (a confidential price is marked as such). Ten cases fit comfortably;
 * beyond the limit the card shortens texts, then leaves cases out with a note.
 */
import type { Ground } from "../domain/case.js";
import { formatDate, formatNok, type Locale } from "../i18n/index.js";
import type { RecusalReason } from "./case-brief.js";
import { type AdaptiveCard, clip } from "./card.js";
import { count, fitCard, str, translator } from "./fit.js";
import template from "./templates/papers.json" with { type: "json" };

export interface PapersCase {
  caseId: string;
  code: string; // saksnummer
  methodName: string;
  nyeMetoderId?: string;
  applyingHfName: string;
  catchmentHfName?: string;
  urgent: boolean; // hastesak
  grounds: Ground[]; // claimed grounds of clinical exceptionality
  cost: { price?: number; treatmentCost?: number; confidential: boolean };
  attachments: number; // documents in the papers
  /** The recipient is recused from this case, and why (PapersItem.recusal). */
  recusal?: { reason: RecusalReason; text?: string };
  /** The titles of the case's documents the recipient may open (none for a recused member). */
  documents?: string[];
  /** "Åpne i Møtemappe": the Teams deep link to the case in the tab. */
  bookUrl?: string;
}

export interface PapersView {
  locale: Locale;
  meetingId: string;
  meetingDate: string; // ISO date
  /** When the papers are due: at least 2 working days before the meeting. */
  papersDeadline: string; // ISO date or datetime
  /** The papers go out after the deadline. */
  late?: boolean;
  items: PapersCase[];
  /** Issue 13: the recipient may answer (*Jeg kommer* / *Jeg har forfall*) and declare a conflict per case; absent: no buttons. */
  reply?: PapersReply;
}

/** What the recipient can answer on their papers, and what they answered. */
export interface PapersReply {
  /** Their latest answer, if any. */
  answer?: "coming" | "apologies";
  /** A substitute asked to stand in: for whom, and for the whole meeting or the cases on this card. */
  invitation?: { memberName: string; scope: "meeting" | "cases" };
  /** Why the last click was refused, in the recipient's language. */
  problem?: string;
}

const LIMITS = [
  { text: 300, items: 20 },
  { text: 160, items: 15 },
  { text: 100, items: 10 },
  { text: 60, items: 6 },
] as const;

export function renderPapers(view: PapersView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => papersData(view, limit), {
    locale: view.locale,
    title: () => tr("papers.title", { date: formatDate(view.locale, clip(str(view.meetingDate), 30).text) }),
  });
}

function papersData(view: PapersView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  let anyTruncated = false;
  const short = (s: unknown) => {
    const c = clip(str(s), limit.text);
    anyTruncated ||= c.truncated;
    return c.text;
  };
  const money = (n: number | undefined, withheld: boolean) =>
    typeof n === "number" && Number.isFinite(n) ? formatNok(L, n) : tr(withheld ? "caseBrief.withheld" : "caseBrief.notStated");
  const all = Array.isArray(view.items) ? view.items : [];
  const items = all.slice(0, limit.items).map((c, i) => {
    const grounds = (Array.isArray(c.grounds) ? c.grounds : []).map((g) => tr(`ground.${g}`));
    const recusalReason = c.recusal ? tr(`recusal.${c.recusal.reason}`) + (c.recusal.text ? `: ${short(c.recusal.text)}` : "") : "";
    return {
      number: `${i + 1}.`,
      code: short(c.code),
      methodName: short(c.methodName) + (c.nyeMetoderId ? ` (${short(c.nyeMetoderId)})` : ""),
      urgent: Boolean(c.urgent),
      recused: Boolean(c.recusal),
      recusedText: c.recusal ? `⚠ ${tr("caseBrief.viewer.recused", { reason: recusalReason })}` : "",
      facts: [
        { title: tr("caseBrief.applyingHf"), label: `${tr("caseBrief.applyingHf")}: `, value: short(c.applyingHfName) },
        ...(c.catchmentHfName ? [{ title: tr("caseBrief.catchmentHf"), label: `${tr("caseBrief.catchmentHf")}: `, value: short(c.catchmentHfName) }] : []),
        { title: tr("papers.grounds"), label: `${tr("papers.grounds")}: `, value: grounds.length > 0 ? grounds.join(", ") : tr("caseBrief.groundsNone") },
        { title: tr("caseBrief.price"), label: `${tr("caseBrief.price")}: `, value: money(c.cost?.price, Boolean(c.recusal && c.cost?.confidential)) },
        {
          title: tr("caseBrief.treatmentCost"),
          label: `${tr("caseBrief.treatmentCost")}: `,
          value: money(c.cost?.treatmentCost, Boolean(c.recusal && c.cost?.confidential)),
        },
        {
          title: tr("caseBrief.attachments"),
          label: `${tr("caseBrief.attachments")}: `,
          value: tr("caseBrief.attachmentsCount", { count: count(c.attachments) }),
        },
      ],
      confidential: Boolean(c.cost?.confidential),
      hasDocuments: (Array.isArray(c.documents) ? c.documents : []).length > 0,
      documents: (Array.isArray(c.documents) ? c.documents : []).slice(0, 20).map((d) => ({ title: `• ${short(d)}` })),
      hasBookUrl: typeof c.bookUrl === "string" && /^https?:\/\//.test(c.bookUrl),
      bookUrl: c.bookUrl ?? "",
      // Issue 13: declare a conflict on this case in advance (one input per case: ids must be unique in a card).
      canDeclare: Boolean(view.reply) && !c.recusal,
      conflictInputId: `conflictReason_${i + 1}`,
      caseId: str(c.caseId),
      item: i + 1,
    };
  });
  const omitted = all.length - items.length;
  const deadline = formatDate(L, short(view.papersDeadline));
  return {
    title: tr("papers.title", { date: formatDate(L, short(view.meetingDate)) }),
    subtitle: `${tr("caseBrief.subtitle", { meetingId: short(view.meetingId) })} · ${tr("papers.count", { count: all.length })}`,
    deadlineText: view.late ? `⚠ ${tr("papers.late", { deadline })}` : tr("papers.deadline", { deadline }),
    deadlineColor: view.late ? "Warning" : "Default",
    isEmpty: all.length === 0,
    emptyText: tr("papers.empty"),
    items,
    urgentLabel: tr("agenda.urgent"),
    recusedNote: tr("papers.recusedNote"),
    confidentialLabel: tr("papers.confidential"),
    documentsLabel: tr("card.documents"),
    openInBook: tr("card.openInBook"),
    hasOmitted: omitted > 0,
    omittedText: tr("papers.omitted", { count: omitted }),
    anyTruncated,
    truncationNote: tr("caseBrief.truncated"),
    privacyNote: tr("caseBrief.privacyNote"),
    ...replyData(view),
  };
}

/** Issue 13: the answer buttons and what the recipient answered. */
function replyData(view: PapersView): Record<string, unknown> {
  const tr = translator(view.locale);
  const r = view.reply;
  const invited = r?.invitation;
  const answered =
    r?.answer === "coming"
      ? tr("papers.reply.answeredComing")
      : r?.answer === "apologies"
        ? tr(invited ? "papers.reply.answeredDeclined" : "papers.reply.answeredApologies")
        : "";
  return {
    canReply: Boolean(r),
    meetingIdData: str(view.meetingId),
    replyFrom: invited ? "invitation" : "papers",
    isInvitation: Boolean(invited),
    invitationText: invited
      ? tr(invited.scope === "meeting" ? "papers.invitation.meeting" : "papers.invitation.cases", { member: clip(str(invited.memberName), 120).text })
      : "",
    hasAnswer: Boolean(answered),
    answerText: answered,
    hasProblem: Boolean(r?.problem),
    problemText: r?.problem ? `⚠ ${clip(str(r.problem), 300).text}` : "",
    comingLabel: tr("papers.reply.coming"),
    apologiesLabel: tr(invited ? "papers.reply.decline" : "papers.reply.apologies"),
    apologiesReasonLabel: tr("papers.reply.reason"),
    sendLabel: tr("papers.reply.send"),
    declareLabel: tr("papers.conflict.declare"),
    conflictReasonLabel: tr("papers.conflict.reason"),
  };
}
