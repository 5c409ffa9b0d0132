/**
 * The intake form (ny søknad): the coordinator registers an application in
 * the personal chat. Submitting sends "registerCase" with every input (see
 * RegisterCaseAction). The use case converts the inputs with
 * intakeInputFromForm and validates them with CaseInputSchema; when that
 * fails, it renders the form again with `values` (what was typed) and
 * `errors` (next to the fields, via intakeFieldForIssue), so nothing is lost.
 *
 * Attachments are typed one per line as "title | reference", e.g.
 * "Publisert studie | https://arkiv.example/dok/123". The reference is the
 * document's id or link in the archive, never the document itself. A line
 * without "|" is read as a title without a reference (CaseInputSchema refuses
 * it, and the form shows the error next to the attachments).
 */
import { GROUNDS, REQUIREMENT_KEYS, type Ground } from "../domain/case.js";
import { NYE_METODER_ID } from "../domain/case-schema.js";
import type { Locale, MessageKey } from "../i18n/index.js";
import type { IntakeFormData } from "./actions.js";
import { type AdaptiveCard, clip } from "./card.js";
import { fitCard, str, translator } from "./fit.js";
import template from "./templates/intake.json" with { type: "json" };

export type { IntakeFormData };

/** Where an error can show on the form: an input id, "grounds" (the group) or "form" (the banner). */
export type IntakeField =
  | "methodName"
  | "nyeMetoderId"
  | "beslutningsforumDate"
  | "applyingHfId"
  | "catchmentHfId"
  | "grounds"
  | `reasoning_${Ground}`
  | "priorityBenefit"
  | "prioritySeverity"
  | "priorityResourceUse"
  | "price"
  | "treatmentCost"
  | "costNote"
  | "attachments"
  | "approvedByFagdirektor"
  | "receivedDate"
  | "form";

export interface IntakeFormView {
  locale: Locale;
  /** The HFs to choose from (roster order), e.g. { id: "helse-bergen", name: "Helse Bergen HF", region: "Helse Vest RHF" }. */
  hfs: { id: string; name: string; region?: string }[];
  /** What the user typed (re-shown after a failed submit). */
  values?: Partial<IntakeFormData>;
  /** Already translated messages, shown next to their fields (unknown fields go to the banner). */
  errors?: { field: IntakeField | (string & {}); message: string }[];
  /** The returned case this form supplements (resubmission); absent for a new application. */
  caseId?: string;
  /** Identifies this form across submits, so a double click registers one application. */
  formId?: string;
}

const FIELDS_WITH_SLOT = [
  "methodName",
  "nyeMetoderId",
  "beslutningsforumDate",
  "applyingHfId",
  "catchmentHfId",
  "grounds",
  "price",
  "treatmentCost",
  "costNote",
  "attachments",
  "approvedByFagdirektor",
  "receivedDate",
] as const;

const PRIORITY_FIELDS = [
  { id: "priorityBenefit", key: "priority.benefit" },
  { id: "prioritySeverity", key: "priority.severity" },
  { id: "priorityResourceUse", key: "priority.resourceUse" },
] as const;

const LIMITS = [
  { hfs: 200, errors: 40 },
  { hfs: 120, errors: 10 },
] as const;

export function renderIntakeForm(view: IntakeFormView): AdaptiveCard {
  const tr = translator(view.locale);
  return fitCard(template, LIMITS, (limit) => intakeData(view, limit), { locale: view.locale, title: () => tr("intake.title") }, dropEmptyValues);
}

function intakeData(view: IntakeFormView, limit: (typeof LIMITS)[number]): Record<string, unknown> {
  const tr = translator(view.locale);
  const v = (view.values ?? {}) as Partial<Record<keyof IntakeFormData, unknown>>;
  const text = (x: unknown, max: number) => clip(typeof x === "number" ? String(x) : str(x), max).text;
  const toggle = (x: unknown) => (x === "true" || x === true ? "true" : "false");

  // Errors: each known field gets its own slot; the rest (and overflow) go to the banner.
  const errors = (Array.isArray(view.errors) ? view.errors : []).slice(0, limit.errors);
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    const field = typeof e?.field === "string" ? e.field : "form";
    const message = clip(str(e?.message), 300).text;
    if (!message) continue;
    byField.set(field, [...(byField.get(field) ?? []), message]);
  }
  const taken = new Set<string>();
  const slot = (field: string) => {
    const messages = byField.get(field) ?? [];
    if (messages.length > 0) taken.add(field);
    return { show: messages.length > 0, text: messages.join(" ") };
  };
  const err = Object.fromEntries(FIELDS_WITH_SLOT.map((f) => [f, slot(f)]));
  const grounds = GROUNDS.map((ground) => {
    const e = slot(`reasoning_${ground}`);
    const name = tr(`ground.${ground}`);
    return {
      toggleId: `ground_${ground}`,
      toggleTitle: tr("intake.groundClaimed", { ground: name }),
      claimed: toggle(v[`ground_${ground}`]),
      reasoningId: `reasoning_${ground}`,
      reasoningLabel: tr("intake.groundReasoning", { ground: name }),
      reasoning: text(v[`reasoning_${ground}`], 8000),
      hasError: e.show,
      error: e.text,
    };
  });
  const priority = PRIORITY_FIELDS.map(({ id, key }) => {
    const e = slot(id);
    return { id, label: tr(key), value: text(v[id], 8000), hasError: e.show, error: e.text };
  });
  const formErrors = [...byField.entries()].filter(([field]) => !taken.has(field)).flatMap(([, messages]) => messages.map((m) => ({ text: m })));

  const hfs = (Array.isArray(view.hfs) ? view.hfs : []).slice(0, limit.hfs).map((hf) => ({
    title: clip(hf.region ? `${str(hf.name)} (${str(hf.region)})` : str(hf.name), 120).text,
    value: clip(str(hf.id), 64).text,
  }));

  const L = (key: MessageKey) => tr(key);
  return {
    title: tr("intake.title"),
    subtitle: tr("intake.subtitle"),
    hasErrors: errors.length > 0,
    errorsBanner: tr("intake.errorsBanner"),
    formErrors,
    sections: {
      method: L("intake.section.method"),
      hf: L("intake.section.hf"),
      grounds: L("intake.section.grounds"),
      priority: L("intake.section.priority"),
      cost: L("intake.section.cost"),
      other: L("intake.section.other"),
    },
    labels: {
      methodName: L("intake.methodName"),
      methodNamePlaceholder: L("intake.methodNamePlaceholder"),
      nyeMetoderId: L("intake.nyeMetoderId"),
      nyeMetoderIdPlaceholder: L("intake.nyeMetoderIdPlaceholder"),
      nyeMetoderIdError: L("case.nyeMetoderIdFormat"),
      beslutningsforumDate: L("intake.beslutningsforumDate"),
      applyingHf: L("intake.applyingHf"),
      applyingHfPlaceholder: L("intake.applyingHfPlaceholder"),
      applyingHfError: L("intake.applyingHfError"),
      catchmentHf: L("intake.catchmentHf"),
      catchmentHfPlaceholder: L("intake.catchmentHfPlaceholder"),
      groundsHelp: L("intake.groundsHelp"),
      priorityPlaceholder: L("intake.priorityPlaceholder"),
      price: L("intake.price"),
      treatmentCost: L("intake.treatmentCost"),
      amountError: L("intake.amountError"),
      confidential: L("intake.confidential"),
      costNote: L("intake.costNote"),
      attachments: L("intake.attachments"),
      attachmentsPlaceholder: L("intake.attachmentsPlaceholder"),
      attachmentsHelp: L("intake.attachmentsHelp"),
      approved: L("intake.approved"),
      urgent: L("intake.urgent"),
      receivedDate: L("intake.receivedDate"),
      receivedDateError: L("intake.receivedDateError"),
    },
    values: {
      methodName: text(v.methodName, 400),
      nyeMetoderId: text(v.nyeMetoderId, 80),
      beslutningsforumDate: isoDateOrEmpty(v.beslutningsforumDate),
      applyingHfId: text(v.applyingHfId, 64),
      catchmentHfId: text(v.catchmentHfId, 64),
      price: amountOrEmpty(v.price),
      treatmentCost: amountOrEmpty(v.treatmentCost),
      confidential: toggle(v.confidential),
      costNote: text(v.costNote, 2000),
      attachments: text(v.attachments, 20000),
      approvedByFagdirektor: toggle(v.approvedByFagdirektor),
      urgent: toggle(v.urgent),
      receivedDate: isoDateOrEmpty(v.receivedDate),
    },
    // The form checks the format as the domain does (CaseInputSchema); the use case checks again.
    patterns: { nyeMetoderId: NYE_METODER_ID.source },
    err,
    grounds,
    priority,
    hfChoices: hfs,
    privacyNote: tr("caseBrief.privacyNote"),
    // Issue 13: what the source requires of an application, with its guidance to applicants.
    requirementsTitle: tr("intake.requirements.title"),
    requirementsGuidance: [tr("intake.guidance.notPersonal"), tr("intake.guidance.increasedBenefit")],
    requirements: REQUIREMENT_KEYS.map((k) => ({ id: `req_${k}`, title: tr(`intake.requirements.${k}`), value: toggle(v[`req_${k}`]) })),
    submit: tr("intake.submit"),
    caseId: view.caseId ?? "",
    formId: view.formId ?? "",
  };
}

const isoDateOrEmpty = (x: unknown) => (typeof x === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x) ? x : "");

/** Input.Number takes a number: a typed amount that is not one is left out (its error says so). */
function amountOrEmpty(x: unknown): number | "" {
  const n = parseAmount(x);
  return typeof n === "number" ? n : "";
}

/**
 * An empty value on a Date, Number or ChoiceSet input means "none": leave the
 * property out. With no HF list (roster not loaded), the HF choices become
 * plain text inputs for the HF id rather than an empty, invalid ChoiceSet.
 */
function dropEmptyValues(card: AdaptiveCard): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.type === "Input.ChoiceSet" && (!Array.isArray(o.choices) || o.choices.length === 0)) {
        o.type = "Input.Text";
        delete o.choices;
        delete o.style;
        o.maxLength = 64;
      }
      if (typeof o.type === "string" && o.type.startsWith("Input.") && (o.value === "" || o.value === undefined)) delete o.value;
      Object.values(o).forEach(visit);
    }
  };
  visit(card.body);
}

// ── form data → CaseInputSchema input ───────────────────────────────────────

/**
 * "12 345", "12345,50", "kr 12 345" → a number; "" → undefined; anything else
 * is returned as given so that CaseInputSchema reports it at the right path.
 */
function parseAmount(x: unknown): number | string | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? x : undefined;
  if (typeof x !== "string") return undefined;
  const s = x
    .replace(/[\s\u00A0\u202F]/g, "")
    .replace(/^(kr|nok)/i, "")
    .replace(/(kr|nok)$/i, "")
    .replace(",", ".");
  if (s === "") return undefined;
  if (!/^\d+(\.\d+)?$/.test(s)) return x;
  const n = Number(s);
  return Number.isFinite(n) ? n : x;
}

/** "title | ref" per line; blank lines skipped; a line without "|" becomes a title with no reference. */
export function parseAttachmentLines(text: string): { title: string; ref: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const bar = line.indexOf("|");
      return bar < 0 ? { title: line, ref: "" } : { title: line.slice(0, bar).trim(), ref: line.slice(bar + 1).trim() };
    });
}

/**
 * Converts the intake form's submitted inputs into the shape CaseInputSchema
 * validates. Pure; never throws; does not validate (the use case does, and
 * maps each issue back to a field with intakeFieldForIssue). Toggles are
 * "true"/"false"; an empty date, HF or amount is left out; a claimed ground
 * carries its reasoning. receivedDate "YYYY-MM-DD" becomes noon UTC that day
 * (the same calendar day in Norway); when it is empty, defaults.receivedAt is
 * used if given.
 */
export function intakeInputFromForm(data: unknown, defaults: { receivedAt?: string } = {}): unknown {
  const d: Record<string, unknown> = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const s = (key: string) => str(own(d, key));
  const on = (key: string) => own(d, key) === "true" || own(d, key) === true;
  const optional = (key: string) => (s(key).trim() === "" ? undefined : s(key).trim());

  const price = parseAmount(own(d, "price"));
  const treatmentCost = parseAmount(own(d, "treatmentCost"));
  const note = optional("costNote");
  const received = s("receivedDate").trim();
  const receivedAt = /^\d{4}-\d{2}-\d{2}$/.test(received) ? `${received}T12:00:00Z` : received === "" ? defaults.receivedAt : received;
  const catchmentHfId = optional("catchmentHfId");

  return {
    method: { name: s("methodName"), nyeMetoderId: s("nyeMetoderId"), beslutningsforumDate: s("beslutningsforumDate").trim() },
    applyingHfId: s("applyingHfId"),
    ...(catchmentHfId !== undefined ? { catchmentHfId } : {}),
    grounds: GROUNDS.filter((g) => on(`ground_${g}`)).map((ground) => ({ ground, reasoning: s(`reasoning_${ground}`) })),
    priority: { benefit: s("priorityBenefit"), severity: s("prioritySeverity"), resourceUse: s("priorityResourceUse") },
    cost: {
      currency: "NOK",
      ...(price !== undefined ? { price } : {}),
      ...(treatmentCost !== undefined ? { treatmentCost } : {}),
      confidential: on("confidential"),
      ...(note !== undefined ? { note } : {}),
    },
    urgent: on("urgent"),
    attachments: parseAttachmentLines(s("attachments")),
    approvedByFagdirektor: on("approvedByFagdirektor"),
    requirements: Object.fromEntries(REQUIREMENT_KEYS.map((k) => [k, on(`req_${k}`)])),
    ...(receivedAt !== undefined ? { receivedAt } : {}),
  };
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/**
 * The form field a CaseInputSchema issue belongs to, given the converted
 * input (to tell which ground grounds[i] is). A path may come as zod gives it
 * (["grounds", 0, "reasoning"]) or from a problem's dotted path
 * (["grounds", "0", "reasoning"]): an index is an index either way. Fields
 * without an error slot of their own (the case code, the toggles that cannot
 * be wrong) and unknown paths give "form" (the banner).
 */
export function intakeFieldForIssue(path: readonly (string | number)[], input?: unknown): IntakeField {
  const [head, second] = path;
  const index = typeof second === "number" ? second : typeof second === "string" && /^\d{1,4}$/.test(second) ? Number(second) : undefined;
  switch (head) {
    case "method":
      return second === "nyeMetoderId" ? "nyeMetoderId" : second === "beslutningsforumDate" ? "beslutningsforumDate" : "methodName";
    case "applyingHfId":
    case "catchmentHfId":
    case "attachments":
    case "approvedByFagdirektor":
      return head;
    case "receivedAt":
      return "receivedDate";
    case "grounds": {
      if (index === undefined) return "grounds";
      const grounds = (input as { grounds?: { ground?: unknown }[] } | undefined)?.grounds;
      const ground = Array.isArray(grounds) ? grounds[index]?.ground : undefined;
      return typeof ground === "string" && (GROUNDS as readonly string[]).includes(ground) ? (`reasoning_${ground}` as IntakeField) : "grounds";
    }
    case "priority":
      return second === "severity" ? "prioritySeverity" : second === "resourceUse" ? "priorityResourceUse" : "priorityBenefit";
    case "cost":
      return second === "treatmentCost" ? "treatmentCost" : second === "note" ? "costNote" : second === "price" || second === undefined ? "price" : "form";
    default:
      return "form";
  }
}
