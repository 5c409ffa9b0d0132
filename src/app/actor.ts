/** Who is acting: the roster person behind a Teams identity. */
import type { Person, Roster } from "../domain/roster.js";

export interface Actor {
  person: Person;
  aadObjectId?: string;
}

export function findByAadObjectId(roster: Roster, aadObjectId: string | undefined): Person | undefined {
  if (!aadObjectId) return undefined;
  const id = aadObjectId.toLowerCase();
  return roster.people.find((p) => p.aadObjectId?.toLowerCase() === id);
}

export function personById(roster: Roster, id: string): Person | undefined {
  return roster.people.find((p) => p.id === id);
}

export const isVoter = (p: Person) => p.role === "member" || p.role === "substitute";
