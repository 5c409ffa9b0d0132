/**
 * Looking people up in the roster: by Teams identity, by roster id, by role,
 * and who receives what (the applying HF's decision recipients, the
 * coordinators). One place, so "a person's name" is written once.
 */
import type { Hf, Person, Region, Roster } from "../domain/roster.js";

export function findByAadObjectId(roster: Roster, aadObjectId: string | undefined): Person | undefined {
  if (!aadObjectId) return undefined;
  const id = aadObjectId.toLowerCase();
  return roster.people.find((p) => p.aadObjectId?.toLowerCase() === id);
}

export const personById = (roster: Roster, id: string | undefined): Person | undefined => roster.people.find((p) => p.id === id);

/** A person's name by roster id; the id itself when the roster does not know it (an old record). */
export const nameOf = (roster: Roster, id: string | undefined): string => personById(roster, id)?.name ?? id ?? "?";

export const hfById = (roster: Roster, id: string | undefined): Hf | undefined => roster.hfs.find((h) => h.id === id);
export const regionOf = (roster: Roster, hf: Hf | undefined): Region | undefined => roster.regions.find((r) => r.id === hf?.region);

/** An HF's name and its region's name, for cards and records. */
export function hfRef(roster: Roster, hfId: string | undefined): { name: string; region: string } {
  const hf = hfById(roster, hfId);
  if (!hf) return { name: hfId ?? "?", region: "?" };
  return { name: hf.name, region: regionOf(roster, hf)?.name ?? hf.region };
}

/** Members and substitutes: the people who can take part in a decision. */
export const isVoter = (p: Person): boolean => p.role === "member" || p.role === "substitute";

export const coordinators = (roster: Roster): Person[] => roster.people.filter((p) => p.role === "coordinator");

/**
 * The HF's decision recipients (issue 14): its fagdirektør — the roster person
 * who is fagdirektør of that HF, a member or an hfContact, else a substitute —
 * and the deputies the roster lists for it (hfContacts with
 * isDeputyFagdirektor, e.g. the assisterende fagdirektør). The fagdirektør
 * first; any of them may acknowledge a decision for the HF.
 */
export function decisionRecipients(roster: Roster, hfId: string): Person[] {
  const directors = roster.people.filter(
    (p) => p.isFagdirektor && p.hfId === hfId && (p.role === "member" || p.role === "substitute" || p.role === "hfContact"),
  );
  const preferred = directors.filter((p) => p.role !== "substitute");
  const heads = preferred.length > 0 ? preferred : directors.slice(0, 1);
  const deputies = roster.people.filter((p) => p.isDeputyFagdirektor && p.role === "hfContact" && p.hfId === hfId && !heads.includes(p));
  return [...heads, ...deputies];
}

/** Whether the person receives the HF's decisions (is one of its decision recipients). */
export const isDecisionRecipient = (roster: Roster, p: Person, hfId: string): boolean => decisionRecipients(roster, hfId).some((r) => r.id === p.id);
