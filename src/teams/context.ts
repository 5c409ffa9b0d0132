/**
 * What every Teams handler gets: the turn (src/teams/turn-io.ts) and the app
 * (the use cases' services plus what only Teams needs: the proactive sender,
 * the coalescing card updater, background tasks, the log).
 */
import type { AppServices } from "../app/services.js";
import type { Logger } from "../log.js";
import type { BackgroundTasks } from "./background.js";
import type { BookLink } from "./book-link.js";
import type { CardUpdater } from "./card-updater.js";
import type { Sender } from "./proactive.js";
import type { TurnIO } from "./turn-io.js";

export interface TeamsApp {
  svc: AppServices;
  sender: Sender;
  cards: CardUpdater;
  /** Work that outlasts a turn (routing, papers), reported proactively. */
  tasks: BackgroundTasks;
  /** This instance's owner id for leases (runs that must happen once across instances: papers). */
  instanceOwner: string;
  log: Logger;
  /** Teams ids of the committee people the bot has seen, for refresh.userIds (cached briefly). */
  refreshIds(): Promise<string[]>;
  /** Forget the cached refresh ids (someone new joined). */
  forgetRefreshIds(): void;
  /** The app's public https address, for pages Teams shows (the chair's in-meeting notice); absent locally. */
  publicBaseUrl?: string;
  /** "Åpne i Møtemappe": the link to a case in the meeting book tab (src/teams/book-link.ts); absent without one. */
  bookLink?: BookLink;
  /** Local mode: files sent to the bot may also be downloaded over http from a loopback address (a stand-in for Teams); in Azure only https. */
  loopbackFileDownloads?: boolean;
}

export interface TurnEnv {
  io: TurnIO;
  app: TeamsApp;
}
