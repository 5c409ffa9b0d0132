import { z } from "zod";
import { REGION_IDS, ROLES, type Person, type Roster } from "./roster.js";
import type { Reason } from "./result.js";
import type { ReasonCode } from "./reason-codes.js";

/**
 * The roster file (data, not code). Parsing checks shape only; the committee's
 * composition rules are checked separately by validateComposition so that a
 * roster in breach still loads (the committee keeps working while an RHF
 * appoints a replacement) and the breaches are shown to the coordinator.
 */

const RegionSchema = z.object({ id: z.enum(REGION_IDS), name: z.string().min(1) });

const HfSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  region: z.enum(REGION_IDS),
  regionalHospital: z.boolean(),
  privateNonProfit: z.boolean().optional(),
});

const PersonSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(ROLES),
  hfId: z.string().min(1).optional(),
  isFagdirektor: z.boolean().default(false),
  isDeputyFagdirektor: z.boolean().optional(),
  aadObjectId: z.string().uuid().optional(),
  email: z.string().email().optional(),
  substituteFor: z.string().min(1).optional(),
  organisation: z.string().min(1).optional(),
  locale: z.enum(["nb", "en"]).optional(),
});

export const RosterFileSchema: z.ZodType<Roster, z.ZodTypeDef, unknown> = z.object({
  regions: z.array(RegionSchema),
  hfs: z.array(HfSchema),
  people: z.array(PersonSchema),
});

/** Composition rules from 000 §6.2. */
export const COMPOSITION = {
  members: 8, // åtte beslutningskompetente medlemmer
  membersPerRegion: 2, // to per helseregion
  regionalHospitalMembersPerRegion: 1, // én fra regionsykehus, én fra større/mindre HF
  minimumFagdirektorer: 4, // minst fire medlemmer skal være fagdirektører
} as const;

export type Breach = Reason<ReasonCode>;

/** Every way the roster breaks the committee's composition rules, in plain terms. */
export function validateComposition(roster: Roster): Breach[] {
  const breaches: Breach[] = [];
  const hfById = new Map(roster.hfs.map((hf) => [hf.id, hf]));
  const regionIds = new Set(roster.regions.map((r) => r.id));

  for (const id of duplicates(roster.people.map((p) => p.id))) breaches.push({ code: "roster.duplicatePersonId", params: { id } });
  for (const id of duplicates(roster.hfs.map((h) => h.id))) breaches.push({ code: "roster.duplicateHfId", params: { id } });
  const aadIds = roster.people.flatMap((p) => (p.aadObjectId ? [p.aadObjectId.toLowerCase()] : []));
  for (const id of duplicates(aadIds)) breaches.push({ code: "roster.duplicateAadObjectId", params: { aadObjectId: id } });

  for (const hf of roster.hfs) {
    if (!regionIds.has(hf.region)) breaches.push({ code: "roster.hfUnknownRegion", params: { hfId: hf.id, region: hf.region } });
  }
  for (const p of roster.people) {
    if (p.hfId !== undefined && !hfById.has(p.hfId)) breaches.push({ code: "roster.unknownHf", params: { personId: p.id, hfId: p.hfId } });
    // Members, substitutes and HF contacts represent an HF; recusal and routing need it.
    if (p.hfId === undefined && (p.role === "member" || p.role === "substitute" || p.role === "hfContact")) {
      breaches.push({ code: "roster.hfMissing", params: { personId: p.id, role: p.role } });
    }
    // Issue 14: a deputy receives an HF's decisions as an HF contact of that HF.
    if (p.isDeputyFagdirektor && p.role !== "hfContact") breaches.push({ code: "roster.deputyNotHfContact", params: { personId: p.id } });
  }

  const members = roster.people.filter((p) => p.role === "member");
  if (members.length !== COMPOSITION.members) {
    breaches.push({ code: "roster.membersCount", params: { count: members.length, expected: COMPOSITION.members } });
  }
  for (const region of roster.regions) {
    const inRegion = members.filter((m) => hfById.get(m.hfId ?? "")?.region === region.id);
    if (inRegion.length !== COMPOSITION.membersPerRegion) {
      breaches.push({ code: "roster.regionMembersCount", params: { region: region.id, count: inRegion.length, expected: COMPOSITION.membersPerRegion } });
    }
    const fromRegionalHospital = inRegion.filter((m) => hfById.get(m.hfId ?? "")?.regionalHospital === true).length;
    if (fromRegionalHospital !== COMPOSITION.regionalHospitalMembersPerRegion) {
      breaches.push({
        code: "roster.regionRegionalHospitalMembers",
        params: { region: region.id, count: fromRegionalHospital, expected: COMPOSITION.regionalHospitalMembersPerRegion },
      });
    }
    const fromOtherHfs = inRegion.length - fromRegionalHospital;
    if (fromOtherHfs !== COMPOSITION.membersPerRegion - COMPOSITION.regionalHospitalMembersPerRegion) {
      breaches.push({
        code: "roster.regionOtherHfMembers",
        params: { region: region.id, count: fromOtherHfs, expected: COMPOSITION.membersPerRegion - COMPOSITION.regionalHospitalMembersPerRegion },
      });
    }
  }
  const fagdirektorer = members.filter((m) => m.isFagdirektor).length;
  if (fagdirektorer < COMPOSITION.minimumFagdirektorer) {
    breaches.push({ code: "roster.fagdirektorCount", params: { count: fagdirektorer, minimum: COMPOSITION.minimumFagdirektorer } });
  }

  breaches.push(...substituteBreaches(roster.people, members));
  for (const role of ["chair", "coordinator"] as const) {
    if (!roster.people.some((p) => p.role === role)) breaches.push({ code: "roster.roleMissing", params: { role } });
  }
  return breaches;
}

/** Each member has exactly one fixed substitute (fast vara), and every substitute names a member. */
function substituteBreaches(people: readonly Person[], members: readonly Person[]): Breach[] {
  const breaches: Breach[] = [];
  const memberIds = new Set(members.map((m) => m.id));
  const substitutes = people.filter((p) => p.role === "substitute");
  for (const s of substitutes) {
    if (s.substituteFor === undefined || !memberIds.has(s.substituteFor)) {
      breaches.push({ code: "roster.substituteForUnknown", params: { personId: s.id, substituteFor: s.substituteFor ?? "" } });
    }
  }
  for (const p of people) {
    if (p.role !== "substitute" && p.substituteFor !== undefined) {
      breaches.push({ code: "roster.substituteForOnNonSubstitute", params: { personId: p.id, role: p.role } });
    }
  }
  for (const m of members) {
    const count = substitutes.filter((s) => s.substituteFor === m.id).length;
    if (count !== 1) breaches.push({ code: "roster.substituteCount", params: { memberId: m.id, count, expected: 1 } });
  }
  return breaches;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/**
 * Issue 14: each HF with cases needs someone to receive its decisions (its
 * fagdirektør or a deputy on the roster): one breach per such HF without one.
 */
export function recipientBreaches(roster: Roster, hfIdsWithCases: Iterable<string>): Breach[] {
  const breaches: Breach[] = [];
  for (const hfId of new Set(hfIdsWithCases)) {
    const receives = roster.people.some(
      (p) =>
        p.hfId === hfId &&
        ((p.isFagdirektor && (p.role === "member" || p.role === "substitute" || p.role === "hfContact")) || (p.isDeputyFagdirektor && p.role === "hfContact")),
    );
    if (!receives) breaches.push({ code: "roster.noDecisionRecipient", params: { hfId, hf: roster.hfs.find((h) => h.id === hfId)?.name ?? hfId } });
  }
  return breaches;
}
