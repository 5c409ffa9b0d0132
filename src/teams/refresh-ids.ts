/**
 * The Teams ids ("29:…") of the committee people the bot has seen, for the
 * shared cards' refresh.userIds (Teams refreshes a card for at most 60 users).
 * Read at most every 15 s: every card render needs them, and they change only
 * when someone new installs the app, writes to the bot or joins a meeting.
 */
import type { Directory } from "../app/ports.js";
import type { Role, Roster } from "../domain/roster.js";

// External experts too: an invited expert's client refreshes the case they were invited to into their own view
// (every other case shows them the minimal view, src/app/visibility.ts).
const COMMITTEE_ROLES: ReadonlySet<Role> = new Set(["member", "substitute", "chair", "coordinator", "observer", "expert"]);
const CACHE_MS = 15_000;

export function committeeRefreshIds(roster: Roster, directory: Directory): { get(): Promise<string[]>; forget(): void } {
  let cached: { at: number; ids: Promise<string[]> } | undefined;
  const rosterIds = roster.people.filter((p) => COMMITTEE_ROLES.has(p.role)).map((p) => p.id);
  return {
    get() {
      if (!cached || Date.now() - cached.at >= CACHE_MS) {
        const ids = directory.usersByRosterIds(rosterIds).then((users) =>
          users
            .map((u) => u.teamsUserId)
            .filter(Boolean)
            .slice(0, 60),
        );
        // A failed read is not cached: the next render tries again.
        ids.catch(() => (cached = undefined));
        cached = { at: Date.now(), ids };
      }
      return cached.ids;
    },
    forget() {
      cached = undefined;
    },
  };
}
