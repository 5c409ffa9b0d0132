/**
 * The decision record (avgjørelse) card for the coordinator. A draft is a
 * form: reasoning, conditions (one per line), the committee's finding and
 * comment per claimed ground, and the group-level proposal are editable, with
 * "Lagre utkast" (saveRecord) and "Bekreft avgjørelsen" (confirmRecord). A
 * confirmed record is read-only with version, confirmed by/at, "Send til HF"
 * (routeRecord) while not yet on its way, and "Rett avgjørelsen" (a ShowCard
 * asking why; correctRecord makes a new version).
 *
 * The consequential clicks ask first: "Bekreft avgjørelsen" and "Send til HF"
 * open an "Er du sikker?" step that says what will happen (the record is
 * frozen; it goes to the HF's fagdirektør, by name), with the real action
 * inside. While the record is being sent the card has no "Send til HF"; when
 * the roster has no recipient at the applying HF it offers the PDF instead.
 */
import type { FollowUpPlan } from "../domain/follow-up.js";
import { suggestsGroupProposal } from "../domain/group-proposal.js";
import { criteriaOf, PRIORITY_CRITERIA, type DecisionRecord } from "../domain/decision-record.js";
import { formatDate, formatNok, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, truncating } from "./card.js";
import { factRows, fitCard, str, translator, type Tr } from "./fit.js";
import template from "./templates/record.json" with { type: "json" };

/** Where a confirmed record is on its way to the applying HF. */
export type RoutingState = "pending" | "sending" | "sent" | "acknowledged" | "failed";

export interface RecordRouting {
  state: RoutingState;
  sentAt?: string;
  acknowledgedAt?: string;
  failedAt?: string;
}

export interface RecordCardView {
  locale: Locale;
  record: DecisionRecord;
  /** Display name for record.confirmedBy (a roster id). */
  confirmedByName?: string;
  /** Display name for record.approvedBy (the chair; issue 14). */
  approvedByName?: string;
  routing?: RecordRouting;
  /**
   * Who the record goes to: the applying HF's fagdirektør on the roster.
   * null: the roster has nobody there (the card offers the PDF, not a send that
   * cannot succeed); undefined: not known to the caller (a draft's card).
   */
  recipient?: { name: string; hfName: string } | null;
  /** Issue 14: each member's position and short reason, beside a draft (for the drafter only: src/app/visibility.ts). */
  memberPositions?: { name: string; position: string; reason?: string }[];
  /** Issue 14: the chair's card to approve (*Godkjenn* / *Be om endring*) instead of the coordinator's actions. */
  forChair?: boolean;
  /** Issue 14, the members' comment window: their comments (names and words), and when the window closes (formatted). */
  memberComments?: { name: string; comment: string }[];
  commentsUntil?: string;
  /** Issue 14: the chair's answer the coordinator is told of (the card says so at the top). */
  signOffEvent?: "approved" | "changeRequested";
  /** Already translated problems from the last save/confirm (e.g. "Avgjørelsen mangler begrunnelse."). */
  problems?: string[];
  /** Issue 15: a grant's follow-up plan as it stands (the record's, or the default), with the HFs to choose the responsible one from. */
  followUp?: { plan: FollowUpPlan; hfs: { id: string; name: string }[] };
}

const FINDINGS = ["met", "notMet", "notAssessed"] as const;

const LIMITS = [
  { text: Infinity, rows: 40 },
  { text: 6000, rows: 40 },
  { text: 3000, rows: 30 },
  { text: 1500, rows: 20 },
  { text: 600, rows: 12 },
] as const;

export function renderRecordCard(view: RecordCardView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => recordData(view, limit), {
    locale: view.locale,
    title: () => tr("recordCard.titleConfirmed", { code: clip(str(view.record?.caseCode), 30).text }),
  });
}

/** " – vara for <member>" after a participant who sat as substitute (both record cards). */
export function substituteNote(tr: Tr, p: DecisionRecord["participants"][number]): string {
  if (!p.standingInFor) return "";
  return ` – ${p.standingInForName ? tr("recordText.standingInFor", { name: short200(p.standingInForName) }) : tr("recordCard.substitute")}`;
}

const short200 = (s: unknown) => clip(str(s), 200).text;

/** What both record cards (coordinator's and HF's) show the same way. */
export function outcomeText(tr: Tr, outcome: DecisionRecord["outcome"]): string {
  return tr(outcome === "granted" ? "decision.outcome.granted" : "decision.outcome.rejected");
}

function recordData(view: RecordCardView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const L = view.locale;
  const tr = translator(L);
  const r = view.record;
  // Editable fields are never shortened silently: a shortened value would be saved back. Read-only text may be.
  const clipped = truncating(limit.text);
  const long = clipped.text;
  const short = (s: unknown) => clip(str(s), 200).text;
  const editable = r.status === "draft";
  const code = short(r.caseCode);
  const routing = view.routing;

  const grounds = (r.grounds ?? []).map((g) => {
    const name = tr(`ground.${g.ground}`);
    return {
      summary: `${name}: ${tr(`recordCard.finding.${g.finding}`)}`,
      hasComment: str(g.comment).trim().length > 0,
      comment: editable ? str(g.comment) : long(g.comment),
      findingId: `finding_${g.ground}`,
      findingLabel: tr("recordCard.findingLabel", { ground: name }),
      finding: g.finding,
      commentId: `comment_${g.ground}`,
      commentLabel: tr("recordCard.commentLabel", { ground: name }),
    };
  });

  // issue 14: the committee's finding on each priority criterion, in the same shape as a ground's.
  const criteriaNow = criteriaOf(r);
  const criteria = PRIORITY_CRITERIA.map((c) => {
    const name = tr(`priority.${c}`);
    const a = criteriaNow[c];
    return {
      summary: `${name}: ${tr(`recordCard.finding.${a.finding}`)}`,
      hasComment: str(a.comment).trim().length > 0,
      comment: editable ? str(a.comment) : long(a.comment),
      findingId: `criterion_${c}`,
      findingLabel: tr("recordCard.findingLabel", { ground: name }),
      finding: a.finding,
      commentId: `criterionComment_${c}`,
      commentLabel: tr("recordCard.commentLabel", { ground: name }),
    };
  });

  const conditions = (r.conditions ?? []).map((c) => str(c));
  const cost = r.resourceUse;
  const money = (n: number | undefined) => (typeof n === "number" && Number.isFinite(n) ? formatNok(L, n) : tr("caseBrief.notStated"));
  const participants = (r.participants ?? [])
    .slice(0, limit.rows)
    .map((p) => short(p.name) + (p.hfName ? ` (${short(p.hfName)})` : "") + substituteNote(tr, p));
  const left = (r.left ?? []).slice(0, limit.rows).map((p) => tr("consensus.people.entry", { name: short(p.name), position: tr(`position.${p.position}`) }));
  const recused = (r.recused ?? []).slice(0, limit.rows).map((p) => {
    const reason = tr(`recusal.${p.reason}`) + (p.reason === "declared" && p.text ? `: ${long(p.text)}` : "");
    return { text: tr("caseBrief.recusedEntry", { name: short(p.name), reason }) };
  });

  const hfName = short(view.recipient?.hfName ?? r.applyingHf?.name);
  const recipientName = view.recipient ? short(view.recipient.name) : "";
  const trail = [
    { text: tr("recordCard.drafted", { date: formatDate(L, short(r.draftedAt)) }), color: "Default" },
    ...(r.confirmedAt
      ? [
          {
            text: `✓ ${tr("recordCard.confirmed", { date: formatDate(L, short(r.confirmedAt)), name: short(view.confirmedByName ?? r.confirmedBy) })}`,
            color: "Good",
          },
        ]
      : []),
    // Issue 14: the chair's sign-off.
    ...(r.approvedAt
      ? [{ text: `✓ ${tr("signOff.approved", { date: formatDate(L, short(r.approvedAt)), name: short(view.approvedByName ?? r.approvedBy) })}`, color: "Good" }]
      : []),
    ...(r.status === "confirmed" && !r.approvedAt ? [{ text: tr("signOff.awaiting"), color: "Accent" }] : []),
    ...(r.status === "confirmed" && !r.approvedAt && view.commentsUntil
      ? [{ text: tr("memberComment.waiting", { until: short(view.commentsUntil) }), color: "Accent" }]
      : []),
    ...(view.memberComments?.length
      ? [
          { text: tr("memberComment.heading"), color: "Default" },
          ...view.memberComments.slice(0, 16).map((c) => ({
            text: c.comment
              ? tr("memberComment.entry", { name: short(c.name), comment: long(c.comment) })
              : tr("memberComment.noComment", { name: short(c.name) }),
            color: "Default",
          })),
        ]
      : []),
    ...(r.status === "draft" && r.changeRequests?.length
      ? r.changeRequests
          .slice(-3)
          .map((c) => ({ text: `⚠ ${tr("signOff.changeRequested", { date: formatDate(L, short(c.at)), comment: long(c.comment) })}`, color: "Warning" }))
      : []),
    ...(routing?.sentAt ? [{ text: tr("recordCard.routed", { date: formatDate(L, short(routing.sentAt)) }), color: "Default" }] : []),
    ...(routing?.acknowledgedAt ? [{ text: `✓ ${tr("recordCard.acknowledged", { date: formatDate(L, short(routing.acknowledgedAt)) })}`, color: "Good" }] : []),
    ...(routing?.state === "sending" ? [{ text: tr("recordCard.sending", { name: recipientName || hfName }), color: "Accent" }] : []),
    ...(routing?.state === "failed"
      ? [{ text: `⚠ ${tr("routing.failedAt", { date: formatDate(L, short(routing.failedAt ?? "")) })}`, color: "Attention" }]
      : []),
  ];
  const problems = (Array.isArray(view.problems) ? view.problems : []).slice(0, 20).map((p) => ({ text: clip(str(p), 300).text }));
  const confirmed = r.status === "confirmed";
  const underWay = routing !== undefined && (routing.state === "sending" || routing.state === "sent" || routing.state === "acknowledged");
  // No one on the roster to send to: say so and offer the PDF; a "Send til HF" could not succeed.
  const noRecipient = confirmed && !underWay && view.recipient === null;
  // Issue 14: routed only once the chair has approved; the chair's own card offers the sign-off and nothing else.
  const approved = confirmed && Boolean(r.approvedAt);
  const forChair = Boolean(view.forChair);

  return {
    caseId: str(r.caseId),
    recordId: str(r.id),
    editable,
    headerStyle: editable ? "warning" : "good",
    title: tr(editable ? "recordCard.titleDraft" : "recordCard.titleConfirmed", { code }),
    // Issue 13: an urgent case says so, as the other cards do.
    isUrgent: r.urgent === true,
    urgentLabel: tr("caseBrief.urgent"),
    subtitle: `${tr("recordCard.version", { version: r.version })} · ${tr("recordCard.meeting", { date: formatDate(L, short(r.meetingDate)) })}`,
    hasProblems: problems.length > 0,
    problemsHeading: tr("recordCard.problems"),
    problems,
    hasCorrection: Boolean(r.supersedes),
    correctionText: r.supersedes ? tr("recordCard.correction", { supersedes: short(r.supersedes), reason: long(r.correctionReason) }) : "",
    facts: factRows([
      { title: tr("caseBrief.method"), value: `${short(r.method?.name)} (${short(r.method?.nyeMetoderId)})` },
      { title: tr("caseBrief.applyingHf"), value: short(r.applyingHf?.name) + (r.applyingHf?.regionName ? ` (${short(r.applyingHf.regionName)})` : "") },
    ]),
    outcome: { heading: tr("recordCard.outcome"), text: outcomeText(tr, r.outcome), style: r.outcome === "granted" ? "good" : "attention" },
    groundsHeading: tr("recordCard.grounds"),
    grounds,
    criteriaHeading: tr("recordCard.criteriaHeading"),
    criteria,
    findingChoices: FINDINGS.map((f) => ({ title: tr(`recordCard.finding.${f}`), value: f })),
    reasoning: {
      heading: tr("recordCard.reasoning"),
      text: long(r.reasoning) || tr("caseBrief.notStated"),
      value: str(r.reasoning),
      placeholder: tr("recordCard.reasoningPlaceholder"),
      error: tr("recordCard.reasoningError"),
    },
    conditions: {
      heading: tr("recordCard.conditionsHeading"),
      label: tr("recordCard.conditions"),
      text: conditions.length > 0 ? conditions.map((c) => `- ${long(c)}`).join("\n") : tr("recordCard.conditionsNone"),
      value: conditions.join("\n"),
    },
    groupLevel: {
      label: tr("recordCard.groupLevel"),
      text: tr(r.groupLevelProposal ? "recordCard.groupLevelYes" : "recordCard.groupLevelNo"),
      value: r.groupLevelProposal ? "true" : "false",
    },
    resourceUse: {
      heading: tr("recordCard.resourceUse"),
      confidential: Boolean(cost?.confidential),
      confidentialLabel: tr("caseBrief.confidential"),
      facts: factRows([
        { title: tr("caseBrief.price"), value: money(cost?.price) },
        { title: tr("caseBrief.treatmentCost"), value: money(cost?.treatmentCost) },
      ]),
    },
    participants: {
      heading: tr("recordCard.participants", { count: (r.participants ?? []).length }),
      text: participants.join(", ") || tr("caseBrief.notStated"),
    },
    hasLeft: left.length > 0,
    leftText: tr("recordCard.left", { list: left.join(", ") }),
    hasRecused: recused.length > 0,
    recusedHeading: tr("recordCard.recused"),
    recused,
    // Issue 14: beside the draft, what each member said and why (only the drafter's card carries them).
    hasMemberPositions: editable && (view.memberPositions ?? []).length > 0,
    memberPositionsHeading: tr("recordCard.memberPositions"),
    memberPositions: (editable ? (view.memberPositions ?? []) : []).slice(0, limit.rows).map((p) => ({
      text: tr("consensus.people.entry", { name: short(p.name), position: tr(`position.${p.position}` as never) }) + (p.reason ? `: ${long(p.reason)}` : ""),
    })),
    quorumText: tr("recordCard.quorum", { participants: r.quorum?.participants ?? 0, minimum: r.quorum?.minimum ?? 0 }),
    legal: { heading: tr("decision.legalHeading"), text: tr("decision.legalNote") },
    trail,
    draftNote: tr("recordCard.draftNote"),
    hasRoutingNote: noRecipient,
    routingNote: noRecipient ? tr("recordCard.noRecipient", { hf: hfName }) : "",
    canRoute: !forChair && approved && !underWay && !noRecipient,
    canPdf: !forChair && (noRecipient || (confirmed && routing?.state === "failed")),
    canCorrect: !forChair && confirmed && routing?.state !== "sending",
    canSignOff: forChair && confirmed && !r.approvedAt,
    hasSignOffNote: view.signOffEvent !== undefined,
    signOffNote: view.signOffEvent ? tr(view.signOffEvent === "approved" ? "signOff.noteApproved" : "signOff.noteChangeRequested") : "",
    labels: {
      save: tr("recordCard.save"),
      confirm: tr("recordCard.confirm"),
      areYouSure: tr("recordCard.areYouSure"),
      confirmWhat: tr("recordCard.confirmWhat"),
      confirmYes: tr("recordCard.confirmYes"),
      route: tr(routing?.state === "failed" ? "recordCard.routeAgain" : "recordCard.route"),
      routeWhat: recipientName ? tr("recordCard.routeWhat", { name: recipientName, hf: hfName }) : tr("recordCard.routeWhatHf", { hf: hfName }),
      routeYes: tr("recordCard.routeYes"),
      pdf: tr("alert.pdf"),
      correct: tr("recordCard.correct"),
      correctionReasonLabel: tr("recordCard.correctionReasonLabel"),
      correctionReasonPlaceholder: tr("recordCard.correctionReasonPlaceholder"),
      correctionReasonError: tr("recordCard.correctionReasonError"),
      submitCorrection: tr("recordCard.submitCorrection"),
      approve: tr("signOff.approve"),
      requestChange: tr("signOff.requestChange"),
      changeCommentLabel: tr("signOff.changeCommentLabel"),
      changeCommentError: tr("signOff.changeCommentError"),
      submitChange: tr("signOff.submitChange"),
    },
    ...followUpData(view, tr, editable, long, short),
    // Last: long() above records whether anything was shortened.
    anyTruncated: clipped.truncated,
    truncationNote: tr("caseBrief.truncated"),
  };
}

/** Issue 15: the grant's follow-up (editable on the draft, facts once confirmed), and the prompt to consider a group-level proposal. */
function followUpData(view: RecordCardView, tr: Tr, editable: boolean, long: (s: unknown) => string, short: (s: unknown) => string): Record<string, unknown> {
  const r = view.record;
  const L = view.locale;
  const f = r.outcome === "granted" ? view.followUp : undefined;
  const plan = f?.plan;
  const hfName = (id: string | undefined) => f?.hfs.find((h) => h.id === id)?.name ?? str(id);
  const notStated = tr("caseBrief.notStated");
  return {
    showProposalPrompt: !view.forChair && (suggestsGroupProposal(r) || r.groupLevelProposal === true),
    proposalPrompt: { text: tr("proposal.prompt"), button: tr("proposal.open") },
    showFollowUp: plan !== undefined,
    followUp: {
      heading: tr("followUp.heading"),
      note: tr("followUp.note"),
      facts: plan
        ? factRows([
            { title: tr("followUp.startLabel"), value: long(plan.startCriteria) || notStated },
            { title: tr("followUp.stopLabel"), value: long(plan.stopCriteria) || notStated },
            { title: tr("followUp.reportingLabel"), value: long(plan.reporting) || notStated },
            { title: tr("followUp.reviewDateLabel"), value: formatDate(L, short(plan.reviewDate)) },
            { title: tr("followUp.hfLabel"), value: short(hfName(plan.responsibleHfId)) },
          ])
        : [],
      startLabel: tr("followUp.startLabel"),
      start: editable ? str(plan?.startCriteria) : "",
      stopLabel: tr("followUp.stopLabel"),
      stop: editable ? str(plan?.stopCriteria) : "",
      reportingLabel: tr("followUp.reportingLabel"),
      reporting: editable ? str(plan?.reporting) : "",
      reviewDateLabel: tr("followUp.reviewDateLabel"),
      reviewDateError: tr("followUp.reviewDateError"),
      reviewDate: str(plan?.reviewDate),
      hfLabel: tr("followUp.hfLabel"),
      hfError: tr("followUp.hfError"),
      hfId: str(plan?.responsibleHfId),
      hfChoices: (f?.hfs ?? []).map((h) => ({ title: short(h.name), value: h.id })),
    },
  };
}
