/**
 * The case brief (saksbrief): one case as one member, the chair or an
 * observer sees it in the meeting. The view carries only what the card shows;
 * there is no room for patient data here by construction.
 */
import type { CaseStatus, Ground } from "../domain/case.js";
import type { Position } from "../domain/meeting.js";
import { formatDate, formatNok, t, type Locale, type MessageKey } from "../i18n/index.js";
import { type AdaptiveCard, clip, fitCard, isConcluded, refreshUserIds } from "./card.js";
import template from "./templates/case-brief.json" with { type: "json" };
import type { Precedents } from "../domain/precedents.js";
import { precedentLines } from "./precedents.js";

export type ViewerKind =
  "eligible" | "recused" | "chair" | "coordinator" | "observer" | "absent" | "left" | "substituteNotNeeded" | "expert" | "uninvited" | "shared" | "guest";
export type RecusalReason = "ownHf" | "catchmentHf" | "declared";
export type ConsensusState = "notQuorate" | "waiting" | "consensus" | "dissent";

export interface CaseBriefViewer {
  kind: ViewerKind;
  name?: string;
  /** For kind "recused": why (inhabil fordi …). */
  recusedReason?: RecusalReason;
  /** For a declared conflict: the member's own words. */
  recusedDetail?: string;
  /** For kind "eligible": the viewer's current position (standpunkt), if any. */
  ownPosition?: Position;
  /** For kind "substituteNotNeeded": the member who sits in the case. */
  memberName?: string;
}

export interface HfRef {
  name: string;
  region: string; // the RHF's display name, e.g. "Helse Vest RHF"
}

/**
 * One viewer's case brief. The card shows what the view carries and nothing
 * else: what a viewer may see is decided before the view is built
 * (src/app/visibility.ts), so a section left out of the view (the shared card,
 * a recused member's, an expert's on a case they were not invited to) is not
 * on the card at all.
 */
export interface CaseBriefView {
  locale: Locale;
  viewer: CaseBriefViewer;
  meetingId: string;
  caseId: string;
  code: string; // saksnummer, e.g. "TO-2026-014"
  status: CaseStatus;
  method: { name: string; nyeMetoderId: string; beslutningsforumDate: string };
  beslutningsforumDecision: string;
  urgent: boolean; // hastesak
  /** The particulars: the HFs and the number of documents. */
  applyingHf?: HfRef;
  catchmentHf?: HfRef;
  attachments?: number; // how many documents in the case papers
  /** The titles of the case's documents this viewer may open (the meeting book's rights; withdrawn ones left out). */
  documents?: string[];
  /** "Åpne i Møtemappe": the Teams deep link to the case in the tab (locally, the tab's loopback address). */
  bookUrl?: string;
  /** The applicant's clinical reasoning and the priority-criteria texts. */
  grounds?: { ground: Ground; reasoning: string }[];
  priority?: { benefit: string; severity: string; resourceUse: string };
  cost?: { price?: number; treatmentCost?: number; confidential: boolean; note?: string };
  /** The committee's deliberation. */
  recused?: { name: string; reason: RecusalReason; detail?: string }[];
  /** blockedByCatchmentPolicy: quorate without the catchment-area recusal policy, not with it. */
  quorum: { quorate: boolean; eligibleCount: number; minimum: number; blockedByCatchmentPolicy?: boolean };
  /** One row per eligible member (present, not recused), in roster order. */
  positions?: { name: string; position?: Position; standingInFor?: string }[];
  consensus?: { state: ConsensusState; position?: Position; outstandingCount: number };
  conclusion?: { result: "granted" | "rejected" | "deferred"; reason?: string };
  /** The two-hour limit (issue 13), for who leads the meeting: minutes on the case against its minutes, in the meeting against 120. */
  clock?: {
    case?: { elapsed: number; budget: number; over: boolean };
    meeting?: { elapsed: number; limit: number; over: boolean; nearLimit: boolean };
  };
  /** The committee's earlier decisions on the same method (issue 15): for those who see the deliberation. */
  precedents?: Precedents;
  refreshUserIds: string[];
}

/** Method names can be long ("X in combination with Y for adults with …"), but not essays. */
const MAX_METHOD_NAME_CHARS = 400;

/** How hard the renderer squeezes to stay under MAX_CARD_BYTES. */
interface Budget {
  text: number; // max characters per free text
  name: number; // max characters per name / short field
  rows: number; // max rows per list (positions, recused)
}

const BUDGETS: Budget[] = [
  { text: Infinity, name: 120, rows: 40 },
  ...[6000, 4000, 3000, 2200, 1600, 1200, 900, 600, 400, 250, 150].map((text) => ({ text, name: 120, rows: 40 })),
  { text: 100, name: 60, rows: 30 },
  { text: 60, name: 40, rows: 20 },
  { text: 40, name: 30, rows: 12 },
];

const POSITION_COLOR: Record<Position, string> = { grant: "Good", reject: "Attention", defer: "Warning" };
const RESULT_STYLE = { granted: "good", rejected: "attention", deferred: "warning" } as const;

/**
 * Renders the case brief for one viewer. Long free texts are shortened (with
 * a visible note) until the card fits in a Teams message; never throws.
 */
export function renderCaseBrief(view: CaseBriefView): AdaptiveCard {
  return fitCard(
    template,
    BUDGETS,
    (budget) => caseBriefData(view, budget),
    () => fallbackCard(view),
  );
}

function caseBriefData(view: CaseBriefView, budget: Budget): Record<string, unknown> {
  const L = view.locale;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => t(L, key, params);
  let anyTruncated = false;
  const free = (text: string | undefined) => {
    const c = clip(text ?? "", budget.text);
    anyTruncated ||= c.truncated;
    return c;
  };
  const name = (text: string | undefined) => clip(text ?? "", budget.name).text;
  const hf = (ref: HfRef) => tr("caseBrief.hfWithRegion", { hf: name(ref.name), region: name(ref.region) });

  const concluded = view.conclusion !== undefined || isConcluded(view.status);
  const viewer = view.viewer;

  const facts = [
    { title: tr("caseBrief.method"), value: free(clip(view.method.name ?? "", MAX_METHOD_NAME_CHARS).text).text },
    { title: tr("caseBrief.nyeMetoderId"), value: name(view.method.nyeMetoderId) },
    { title: tr("caseBrief.beslutningsforumDate"), value: formatDate(L, name(view.method.beslutningsforumDate)) },
    ...(view.applyingHf ? [{ title: tr("caseBrief.applyingHf"), value: hf(view.applyingHf) }] : []),
    ...(view.catchmentHf ? [{ title: tr("caseBrief.catchmentHf"), value: hf(view.catchmentHf) }] : []),
    ...(typeof view.attachments === "number"
      ? [{ title: tr("caseBrief.attachments"), value: tr("caseBrief.attachmentsCount", { count: count(view.attachments) }) }]
      : []),
  ];

  const bf = free(view.beslutningsforumDecision);
  const precedents = view.precedents ? precedentLines(L, view.method.nyeMetoderId, view.precedents, name) : undefined;

  const clinical = view.grounds !== undefined || view.priority !== undefined;
  const grounds = (view.grounds ?? []).slice(0, 6).map((g) => {
    const c = free(g.reasoning);
    return { label: tr(`ground.${g.ground}` as MessageKey), text: c.text, truncated: c.truncated };
  });

  const priority = view.priority
    ? (["benefit", "severity", "resourceUse"] as const).map((k) => {
        const c = free(view.priority![k]);
        return { label: tr(`priority.${k}`), text: c.text || tr("caseBrief.notStated"), truncated: c.truncated };
      })
    : [];

  const cost = view.cost ?? { confidential: false };
  const note = free(cost.note);
  // A confidential figure left out of the view is withheld, not missing.
  const absent = tr(cost.confidential ? "caseBrief.withheld" : "caseBrief.notStated");
  const costFacts = [
    { title: tr("caseBrief.price"), value: money(L, cost.price) ?? absent },
    { title: tr("caseBrief.treatmentCost"), value: money(L, cost.treatmentCost) ?? absent },
    ...(note.text ? [{ title: tr("caseBrief.costNote"), value: note.text }] : []),
  ];

  const deliberation = view.positions !== undefined || view.recused !== undefined || view.consensus !== undefined;
  const recused = (view.recused ?? []).slice(0, budget.rows).map((r) => {
    const detail = r.detail ? free(r.detail).text : "";
    const reason = tr(`recusal.${r.reason}`) + (detail ? `: ${detail}` : "");
    return { text: tr("caseBrief.recusedEntry", { name: name(r.name), reason }) };
  });

  const positions = (view.positions ?? []).slice(0, budget.rows).map((p) => ({
    name: name(p.name),
    hasDetail: Boolean(p.standingInFor),
    detail: p.standingInFor ? tr("caseBrief.standingInFor", { name: name(p.standingInFor) }) : "",
    label: p.position ? tr(`position.${p.position}`) : tr("position.none"),
    color: p.position ? POSITION_COLOR[p.position] : "Default",
    weight: p.position ? "Bolder" : "Default",
    subtle: !p.position,
  }));

  const quorum = {
    text: tr(view.quorum.quorate ? "caseBrief.quorate" : "caseBrief.notQuorate", {
      count: count(view.quorum.eligibleCount),
      minimum: count(view.quorum.minimum),
    }),
    color: view.quorum.quorate ? "Good" : "Attention",
  };

  const consensus = view.consensus ? consensusSummary(view.consensus, tr) : { text: "", style: "default" };
  const policyNote = !view.quorum.quorate && view.quorum.blockedByCatchmentPolicy === true;

  const viewerBanner = viewerBannerFor(view, tr, free, concluded);

  let conclusion: Record<string, unknown> | undefined;
  if (view.conclusion) {
    const reason = view.conclusion.reason ? free(view.conclusion.reason).text : "";
    conclusion = {
      heading: tr("caseBrief.conclusionHeading"),
      text: tr("caseBrief.conclusion", { result: tr(`term.${view.conclusion.result}`) }),
      hasReason: Boolean(reason),
      reason: reason ? tr("caseBrief.conclusionReason", { reason }) : "",
      style: RESULT_STYLE[view.conclusion.result],
    };
  }

  const canAct = !concluded;
  const isEligible = canAct && viewer.kind === "eligible";
  const isChair = canAct && viewer.kind === "chair";
  const own = viewer.kind === "eligible" ? viewer.ownPosition : undefined;
  const button = (p: Position) => ({
    title: (own === p ? "✓ " : "") + tr(`caseBrief.action.${p}`),
    style: own === p ? "positive" : "default",
  });
  const consensusPosition = view.consensus?.position;
  const canConclude =
    isChair && view.quorum.quorate && view.consensus?.state === "consensus" && (consensusPosition === "grant" || consensusPosition === "reject");
  const resultWord = consensusPosition === "reject" ? tr("result.rejected") : tr("result.granted");

  const clock = view.clock;
  return {
    meetingId: view.meetingId,
    caseId: view.caseId,
    refreshUserIds: refreshUserIds(view.refreshUserIds),
    hasClock: clock !== undefined && (clock.case !== undefined || clock.meeting !== undefined),
    clock: {
      heading: tr("caseBrief.clockHeading"),
      hasCase: clock?.case !== undefined,
      caseText: clock?.case
        ? tr(clock.case.over ? "caseBrief.clockCaseOver" : "caseBrief.clockCase", { elapsed: clock.case.elapsed, budget: clock.case.budget })
        : "",
      caseColor: clock?.case?.over ? "Warning" : "Default",
      hasMeeting: clock?.meeting !== undefined,
      meetingText: clock?.meeting ? tr("caseBrief.clockMeeting", { elapsed: clock.meeting.elapsed, limit: clock.meeting.limit }) : "",
      meetingColor: clock?.meeting?.over ? "Attention" : clock?.meeting?.nearLimit ? "Warning" : "Default",
    },
    headerStyle: view.urgent ? "attention" : "emphasis",
    title: tr("caseBrief.title", { code: name(view.code) }),
    subtitle: tr("caseBrief.subtitle", { meetingId: name(view.meetingId) }),
    isUrgent: view.urgent,
    urgentLabel: tr("caseBrief.urgent"),
    statusLabel: tr(`status.${view.status}`),
    showViewerBanner: viewerBanner !== undefined,
    viewerBanner: viewerBanner ?? {},
    hasConclusion: conclusion !== undefined,
    conclusion: conclusion ?? {},
    facts: labelled(facts),
    hasDocuments: (view.documents ?? []).length > 0,
    documentsLabel: tr("card.documents"),
    documents: (view.documents ?? []).slice(0, budget.rows).map((d) => ({ title: `• ${name(d)}` })),
    hasBookUrl: typeof view.bookUrl === "string" && /^https?:\/\//.test(view.bookUrl),
    bookUrl: view.bookUrl ?? "",
    openInBook: tr("card.openInBook"),
    showClinical: clinical,
    minimalNote: tr("caseBrief.minimalNote"),
    hasBfDecision: bf.text.length > 0,
    bfDecision: { label: tr("caseBrief.beslutningsforumDecision"), text: bf.text, truncated: bf.truncated },
    showPrecedents: precedents !== undefined,
    precedents: {
      heading: precedents?.heading ?? "",
      lines: (precedents?.lines ?? []).map((text) => ({ text })),
      hasMore: Boolean(precedents?.more),
      more: precedents?.more ?? "",
      hasNone: Boolean(precedents?.none),
      none: precedents?.none ?? "",
    },
    groundsHeading: tr("caseBrief.groundsHeading"),
    hasGrounds: grounds.length > 0,
    groundsNone: tr("caseBrief.groundsNone"),
    grounds,
    priorityHeading: tr("caseBrief.priorityHeading"),
    priority,
    showCost: view.cost !== undefined,
    costHeading: tr("caseBrief.costHeading"),
    cost: {
      confidential: cost.confidential,
      confidentialLabel: tr("caseBrief.confidential"),
      facts: labelled(costFacts),
      noteTruncated: note.truncated,
    },
    showDeliberation: deliberation,
    recusedHeading: tr("caseBrief.recusedHeading"),
    hasRecused: recused.length > 0,
    recusedNone: tr("caseBrief.recusedNone"),
    recused,
    positionsHeading: tr(deliberation ? "caseBrief.positionsHeading" : "caseBrief.quorumHeading"),
    quorum,
    hasPolicyNote: policyNote,
    policyNote: tr("caseBrief.catchmentPolicy"),
    positions,
    consensus,
    privacyNote: tr("caseBrief.privacyNote"),
    // Computed last: free() above records whether anything was shortened.
    anyTruncated,
    truncationNote: tr("caseBrief.truncated"),
    showPositionButtons: isEligible,
    positionReasonLabel: tr("caseBrief.positionReasonLabel"), // issue 14
    buttons: { grant: button("grant"), reject: button("reject"), defer: button("defer") },
    showDeclareConflict: isEligible,
    conflictForm: {
      title: tr("caseBrief.action.declareConflict"),
      label: tr("caseBrief.conflictReasonLabel"),
      placeholder: tr("caseBrief.conflictReasonPlaceholder"),
      error: tr("caseBrief.conflictReasonError"),
      submit: tr("caseBrief.action.submitConflict"),
    },
    showConclude: canConclude,
    // One confirming step: the decision is recorded and the draft goes to the coordinator.
    concludeForm: {
      title: tr("caseBrief.action.conclude", { result: resultWord }),
      question: tr("caseBrief.concludeConfirm", { result: resultWord.toLowerCase() }),
      submit: tr("caseBrief.action.concludeConfirmed", { result: resultWord }),
    },
    showDeferCase: isChair,
    deferForm: {
      title: tr("caseBrief.action.deferCase"),
      label: tr("caseBrief.deferReasonLabel"),
      placeholder: tr("caseBrief.deferReasonPlaceholder"),
      error: tr("caseBrief.deferReasonError"),
      submit: tr("caseBrief.action.submitDefer"),
    },
  };
}

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

function consensusSummary(c: NonNullable<CaseBriefView["consensus"]>, tr: Tr): { text: string; style: string } {
  switch (c.state) {
    case "notQuorate":
      return { text: tr("caseBrief.consensus.notQuorate"), style: "attention" };
    case "waiting":
      return { text: tr("caseBrief.consensus.waiting", { count: count(c.outstandingCount) }), style: "emphasis" };
    case "consensus":
      return {
        text: tr("caseBrief.consensus.consensus", { position: c.position ? tr(`position.${c.position}`) : "" }),
        style: "good",
      };
    case "dissent":
    default:
      return { text: tr("caseBrief.consensus.dissent"), style: "warning" };
  }
}

function viewerBannerFor(
  view: CaseBriefView,
  tr: Tr,
  free: (text: string | undefined) => { text: string },
  concluded: boolean,
): { title: string; note: string; hasNote: boolean; style: string } | undefined {
  const v = view.viewer;
  const banner = (title: string, style: string, note = "") => ({ title, note, hasNote: note.length > 0, style });
  switch (v.kind) {
    case "recused": {
      const detail = v.recusedDetail ? free(v.recusedDetail).text : "";
      const reason = (v.recusedReason ? tr(`recusal.${v.recusedReason}`) : tr("term.recused")) + (detail ? `: ${detail}` : "");
      return banner(`⚠ ${tr("caseBrief.viewer.recused", { reason })}`, "attention", tr("caseBrief.viewer.recusedNote"));
    }
    case "eligible":
      if (concluded) return undefined;
      return banner(
        v.ownPosition ? tr("caseBrief.viewer.ownPosition", { position: tr(`position.${v.ownPosition}`) }) : tr("caseBrief.viewer.noPositionYet"),
        v.ownPosition ? "good" : "accent",
      );
    case "chair":
      return concluded ? undefined : banner(tr("caseBrief.viewer.chair"), "accent");
    case "coordinator":
      return banner(tr("caseBrief.viewer.coordinator"), "emphasis");
    case "observer":
      return banner(tr("caseBrief.viewer.observer"), "emphasis");
    case "absent":
      return concluded ? undefined : banner(tr("caseBrief.viewer.absent"), "warning");
    case "left":
      return concluded ? undefined : banner(tr("caseBrief.viewer.left"), "warning");
    case "substituteNotNeeded":
      return concluded
        ? undefined
        : banner(
            v.memberName
              ? tr("caseBrief.viewer.substituteNotNeeded", { name: clip(v.memberName, 120).text })
              : tr("caseBrief.viewer.substituteNotNeededUnnamed"),
            "emphasis",
          );
    case "expert":
      return banner(tr("caseBrief.viewer.expert"), "emphasis");
    case "uninvited":
      return banner(tr("caseBrief.viewer.uninvited"), "emphasis");
    case "shared":
      return banner(tr("caseBrief.viewer.shared"), "emphasis");
    case "guest":
    default:
      return banner(tr("caseBrief.viewer.guest"), "emphasis");
  }
}

/** Label–value rows as the template lays them out: "Label: value", wrapping at spaces (a FactSet's label column breaks words in narrow views). */
const labelled = (facts: { title: string; value: string }[]) => facts.map((f) => ({ ...f, label: `${f.title}: ` }));

function money(locale: Locale, amount: number | undefined): string | undefined {
  return typeof amount === "number" && Number.isFinite(amount) ? formatNok(locale, amount) : undefined;
}

function count(n: number): string {
  return Number.isFinite(n) ? String(Math.max(0, Math.trunc(n))) : "0";
}

/** Last resort when even the tightest budget does not fit: title, note, refresh. */
function fallbackCard(view: CaseBriefView): AdaptiveCard {
  const L = view.locale;
  const code = clip(String(view.code ?? ""), 30).text;
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    msteams: { width: "Full" },
    refresh: {
      action: {
        type: "Action.Execute",
        verb: "refreshCase",
        data: { meetingId: clip(String(view.meetingId ?? ""), 64).text, caseId: clip(String(view.caseId ?? ""), 16).text },
      },
      userIds: refreshUserIds(Array.isArray(view.refreshUserIds) ? view.refreshUserIds : []),
    },
    body: [
      { type: "TextBlock", text: t(L, "caseBrief.title", { code }), size: "Large", weight: "Bolder", wrap: true },
      { type: "TextBlock", text: t(L, "error.cardTooLarge"), color: "Warning", wrap: true },
    ],
  };
}
