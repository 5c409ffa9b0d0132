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
 * The applying HF's fagdirektør: the roster person who is fagdirektør of that
 * HF (a committee member, a substitute or an hfContact). A member or hfContact
 * is preferred over a substitute if the roster lists more than one.
 */
export function applyingFagdirektor(roster: Roster, hfId: string): Person | undefined {
  const candidates = roster.people.filter(
    (p) => p.isFagdirektor && p.hfId === hfId && (p.role === "member" || p.role === "substitute" || p.role === "hfContact"),
  );
  return candidates.find((p) => p.role !== "substitute") ?? candidates[0];
}
