import { z } from "zod";
import { GROUNDS, type Case } from "./case.js";
import { containsNationalId } from "./fodselsnummer.js";
import { freeText } from "./free-text.js";

/**
 * What a coordinator (or later the application portal) submits for a case.
 *
 * Privacy by construction (000 §4.1 step 1 e; §11 on sharing health data): there is no field for the
 * patient's name or national id, every object is .strict() so such keys are
 * refused rather than silently dropped, and every free-text field refuses a
 * fødselsnummer.
 *
 * Content that the completeness check looks for (method id, reasoning, the
 * three priority criteria, cost, attachments) may be empty here on purpose: an
 * incomplete application is still received and then returned with a list of
 * what is missing (000 §4.1 step 3), so the schema checks form, not presence.
 */

const isoDate = z.string().date(); // YYYY-MM-DD
const isoDateTime = z.string().datetime({ offset: true });

/** The method's id in Nye metoder: "ID", the four-digit year, an underscore and three digits, e.g. "ID2023_045". */
export const NYE_METODER_ID = /^ID\d{4}_\d{3}$/;

/**
 * The Nye metoder id as typed: empty (the completeness check asks for it) or
 * in its format. A national id in it is reported as such, not also as a
 * wrong format.
 */
const nyeMetoderId = freeText(40).refine((s) => s === "" || NYE_METODER_ID.test(s) || containsNationalId(s), { message: "case.nyeMetoderIdFormat" });

const MethodRefSchema = z
  .object({
    name: freeText(200),
    nyeMetoderId, // e.g. "ID2023_045"
    beslutningsforumDate: z.union([isoDate, z.literal("")]),
  })
  .strict();

const GroundClaimSchema = z
  .object({
    ground: z.enum(GROUNDS),
    reasoning: freeText(4000),
  })
  .strict();

const PriorityCriteriaSchema = z
  .object({
    benefit: freeText(4000).default(""), // nytte
    severity: freeText(4000).default(""), // alvorlighet
    resourceUse: freeText(4000).default(""), // ressursbruk
  })
  .strict();

const CostInfoSchema = z
  .object({
    currency: z.literal("NOK").default("NOK"),
    price: z.number().nonnegative().finite().optional(),
    treatmentCost: z.number().nonnegative().finite().optional(),
    confidential: z.boolean().default(false),
    note: freeText(1000).optional(),
  })
  .strict();

const AttachmentSchema = z
  .object({
    title: freeText(200),
    // A document reference, not the document: it is stored and shown, so it is free text like any other.
    ref: freeText(2000).pipe(z.string().min(1, { message: "input.required" })),
  })
  .strict();

/** Issue 13: what the source requires of an application, as yes/no (false when not stated: the check reports it). */
const RequirementsSchema = z
  .object({
    patientConsent: z.boolean().default(false),
    sentByTreatingHfOrRegionalHospital: z.boolean().default(false),
    reviewedWithRegionalHospital: z.boolean().default(false),
    clearedWithCatchmentHf: z.boolean().default(false),
    priceCheckedBySykehusinnkjop: z.boolean().default(false),
    notMarketedInNorway: z.boolean().default(false),
    availabilityAndPriceClarified: z.boolean().default(false),
    reassessment: z.boolean().default(false),
  })
  .strict();

export const CASE_CODE_PATTERN = /^TO-\d{4}-\d{3,}$/;

export const CaseInputSchema = z
  .object({
    code: z.string().regex(CASE_CODE_PATTERN, { message: "caseCode.invalid" }).optional(),
    method: MethodRefSchema,
    applyingHfId: freeText(64).pipe(z.string().min(1, { message: "input.required" })),
    catchmentHfId: freeText(64)
      .pipe(z.string().min(1, { message: "input.required" }))
      .optional(),
    grounds: z
      .array(GroundClaimSchema)
      .min(1, { message: "case.groundsRequired" })
      .max(GROUNDS.length)
      .refine((gs) => new Set(gs.map((g) => g.ground)).size === gs.length, { message: "case.groundsDuplicate" }),
    priority: PriorityCriteriaSchema.default({}),
    cost: CostInfoSchema.default({}),
    urgent: z.boolean().default(false),
    attachments: z.array(AttachmentSchema).max(50).default([]),
    approvedByFagdirektor: z.boolean().default(false),
    requirements: RequirementsSchema.default({}),
    receivedAt: isoDateTime,
  })
  .strict();

export type CaseInput = z.output<typeof CaseInputSchema>;

/** A freshly received case from validated input and its (generated or given) code. */
export function caseFromInput(input: CaseInput, code: string): Case {
  const { code: _ignored, catchmentHfId, ...rest } = input;
  const base: Case = { ...rest, id: code, code, status: "received", returns: [] };
  // A catchment HF equal to the applying HF adds nothing and would double-count recusal reasons.
  return catchmentHfId && catchmentHfId !== input.applyingHfId ? { ...base, catchmentHfId } : base;
}
