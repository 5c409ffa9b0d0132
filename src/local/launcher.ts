/**
 * The local run in one call: the app (startHost: embedded store, demo data,
 * bot), the local Teams relay, and the Microsoft 365 Agents Playground as a
 * child process — all on 127.0.0.1, no network needed. `command(line)` runs the
 * launcher's own commands (act as someone, meeting events); src/local.ts reads
 * them from the terminal, the e2e test calls them directly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startHost, type Host, type HostOptions } from "../host.js";
import type { Meeting } from "../domain/meeting.js";
import type { Person } from "../domain/roster.js";
import { DateTime } from "luxon";
import { writePlaygroundConfig, MEETING_CHAT_NAME } from "./playground-config.js";
import { TeamsRelay } from "./relay.js";
import { injectThroughPlayground, participantEvent, startEndEvent } from "./meeting-events.js";

const require = createRequire(import.meta.url);
const LOOPBACK_PRELOAD = fileURLToPath(new URL("./loopback.cjs", import.meta.url));

export interface LocalOptions extends Omit<HostOptions, "port"> {
  /** The bot's port (default from PORT, else 3978; 0 = any free port). */
  botPort?: number;
  /** The playground's port (default 56150; 0 = any free port; a busy port falls back to a free one). */
  playgroundPort?: number;
  /** Where the playground's generated config and log go (default <KOMITEBOT_DATA_DIR>/playground). */
  playgroundDir?: string;
  /** Roster id of the person you act as at start (default "chair"). */
  actAs?: string;
  /** Lines for the console (relay notes, playground failures). */
  onNote?: (line: string) => void;
  /** How long to wait for the playground to listen (default 30 s). */
  playgroundStartTimeoutMs?: number;
}

export interface LocalRun {
  host: Host;
  relay: TeamsRelay;
  playgroundUrl: string;
  /** The meeting book (Møtemappe) in a plain browser, as the person you act as (local mode: no Teams tabs in the playground). */
  tabUrl: string;
  playground: ChildProcess;
  configPath: string;
  /** Today's committee meeting, else the demo meeting of an earlier start (see demoMeetingOf). */
  meetingId: string;
  meeting: Meeting | undefined;
  /** Today in Oslo (YYYY-MM-DD). */
  today: string;
  /** How many people the app was installed for at start (everyone on the roster with an Entra object id). */
  installed: number;
  /** Runs a launcher command; returns what to print. */
  command(line: string): Promise<string>;
  person(idOrName: string): Person | undefined;
  close(): Promise<void>;
}

export async function startLocal(options: LocalOptions = {}): Promise<LocalRun> {
  const env: NodeJS.ProcessEnv = { KOMITEBOT_MODE: "local", ...(options.env ?? process.env) };
  const dataDir = env.KOMITEBOT_DATA_DIR || ".data";
  const playgroundDir = path.resolve(options.playgroundDir ?? path.join(dataDir, "playground"));
  const note = options.onNote ?? (() => undefined);

  const { botPort, playgroundPort, playgroundDir: _pd, actAs, onNote: _n, playgroundStartTimeoutMs, ...hostOptions } = options;
  // The meeting book on loopback reads as the person you act as (`som <id>`); until the relay runs, the start person.
  let relayRef: TeamsRelay | undefined;
  const startPerson = () => hostRef?.services.roster.people.find((p) => p.id === (actAs ?? "chair"));
  let hostRef: Host | undefined;
  const host = await startHost({
    ...hostOptions,
    env,
    port: botPort ?? (env.PORT !== undefined ? Number(env.PORT) : 3978),
    localPerson: () => relayRef?.actingAs ?? startPerson(),
  });
  hostRef = host;
  const cleanups: (() => Promise<void>)[] = [() => host.close()];
  const closeAll = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const first = host.services.roster.people.find((p) => p.id === (actAs ?? "chair"));
    if (!first) throw new Error(`no roster person "${actAs}"`);
    const relay = await new TeamsRelay({
      botEndpoint: `${host.server.url}/api/messages`,
      actingAs: first,
      people: host.services.roster.people,
      onNote: note,
    }).start();
    relayRef = relay;
    cleanups.push(() => relay.close());

    await mkdir(playgroundDir, { recursive: true });
    const configPath = await writePlaygroundConfig(playgroundDir, host.services.roster);
    const { child, url } = await startPlayground({
      cwd: playgroundDir,
      configPath,
      appEndpoint: relay.messagesEndpoint,
      serviceUrl: relay.connectorUrl,
      port: playgroundPort ?? 56150,
      timeoutMs: playgroundStartTimeoutMs ?? 30_000,
      onNote: note,
    });
    cleanups.push(() => stopChild(child));
    relay.setPlayground(url);
    // As an administrator would in Teams: everyone has the app, so the bot can reach anyone you may act as.
    const installed = await relay.installForEveryone();

    const today = DateTime.fromJSDate(host.services.now()).setZone("Europe/Oslo").toISODate()!;
    const meeting = demoMeetingOf(await host.services.meetings.all(), today);
    const person = (q: string) => findPerson(host, q);
    const run: LocalRun = {
      host,
      relay,
      playgroundUrl: url,
      tabUrl: `${host.server.url}/tab`,
      playground: child,
      configPath,
      meetingId: meeting?.id ?? `M-${today}`,
      meeting,
      today,
      installed,
      person,
      command: (line) => runCommand(run, line),
      close: closeAll,
    };
    return run;
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * The meeting to play: today's (the one with an agenda, if several), else — on a later day, the demo being
 * seeded once per data folder — the latest earlier meeting with an agenda, else the next one.
 */
export function demoMeetingOf(meetings: readonly Meeting[], today: string): Meeting | undefined {
  const withAgenda = (ms: readonly Meeting[]) => ms.find((m) => m.agenda.length > 0) ?? ms[0];
  const todays = meetings.filter((m) => m.date === today);
  if (todays.length > 0) return withAgenda(todays);
  const earlier = meetings.filter((m) => m.date < today && m.agenda.length > 0);
  return earlier.at(-1) ?? meetings.find((m) => m.date > today);
}

/** What the launcher says about the meeting to play. */
export function meetingLines(run: Pick<LocalRun, "meeting" | "today">): string[] {
  const m = run.meeting;
  if (!m) return ["Ingen komitémøter i dataene. Slett datamappa (Ctrl-C, så rm -rf .data) for å starte på nytt med demodataene."];
  const count = `${m.agenda.length} ${m.agenda.length === 1 ? "sak" : "saker"} på sakslista`;
  if (m.date === run.today) return [`Dagens møte: ${m.id} (${count})`];
  return [
    `Ingen komitémøte i dag. Demomøtet er ${m.id} (${count}); demodataene legges inn én gang per datamappe.`,
    `Koble møtechatten til det med «@Komitébot koble møte ${m.id}», eller slett datamappa (Ctrl-C, så rm -rf .data) for et nytt demomøte i dag.`,
  ];
}

function findPerson(host: Host, q: string): Person | undefined {
  const s = q.trim().toLowerCase();
  return host.services.roster.people.find((p) => p.id.toLowerCase() === s) ?? host.services.roster.people.find((p) => p.name.toLowerCase().startsWith(s));
}

const VOTERS = (host: Host) => host.services.roster.people.filter((p) => p.role === "member");

/** The launcher's commands (Norwegian and English words). */
export async function runCommand(run: LocalRun, line: string): Promise<string> {
  const [word = "", ...args] = line.trim().split(/\s+/);
  const cmd = word.toLowerCase();
  const target = { serviceUrl: run.relay.connectorUrl, title: MEETING_CHAT_NAME };
  const people = (): Person[] | string => {
    if (args.length === 0) return "Hvem? Gi roster-id-er, f.eks. «kom m-sorost-1 m-vest-1», eller «kom medlemmer».";
    if (args.length === 1 && ["medlemmer", "members", "alle", "all"].includes(args[0]!.toLowerCase())) return VOTERS(run.host);
    const found: Person[] = [];
    for (const a of args) {
      const p = run.person(a);
      if (!p) return `Ukjent person «${a}». Skriv «hvem» for lista.`;
      found.push(p);
    }
    return found;
  };
  switch (cmd) {
    case "":
      return "";
    case "som":
    case "as":
    case "bytt": {
      const p = args[0] ? run.person(args.join(" ")) : undefined;
      if (!p) return args[0] ? `Ukjent person «${args.join(" ")}». Skriv «hvem» for lista.` : `Du er ${describe(run.relay.actingAs)}.`;
      await run.relay.actAs(p);
      return `Du er nå ${describe(p)}. Alt du skriver og klikker i playgrounden kommer fra ${p.name}; kortene i møtechatten er tegnet på nytt for ${p.name}, og «Personal Chat» viser ${p.name} sin 1:1-chat med boten.`;
    }
    case "kom":
    case "join":
    case "gå":
    case "ga":
    case "leave": {
      const ps = people();
      if (typeof ps === "string") return ps;
      const kind = cmd === "kom" || cmd === "join" ? "join" : "leave";
      await injectThroughPlayground(run.playgroundUrl, participantEvent(target, kind, ps));
      return `Sendt ${kind === "join" ? "meetingParticipantJoin" : "meetingParticipantLeave"} for ${ps.map((p) => p.name).join(", ")}.`;
    }
    case "start":
    case "slutt":
    case "end": {
      const kind = cmd === "start" ? "start" : "end";
      await injectThroughPlayground(run.playgroundUrl, startEndEvent(target, kind));
      return `Sendt ${kind === "start" ? "meetingStart" : "meetingEnd"}.`;
    }
    case "hvem":
    case "who":
      return peopleList(run);
    case "hjelp":
    case "help":
    case "?":
      return launcherHelp();
    default:
      return `Ukjent kommando «${word}». ${launcherHelp()}`;
  }
}

const ROLE_NB: Record<string, string> = {
  chair: "leder",
  coordinator: "koordinator",
  member: "medlem",
  substitute: "vararepresentant",
  observer: "observatør",
  expert: "fagekspert",
  hfContact: "fagdirektør/HF-kontakt",
};

export function describe(p: Person): string {
  return `${p.name} (${p.id}, ${ROLE_NB[p.role] ?? p.role})`;
}

export function peopleList(run: LocalRun): string {
  const lines = run.host.services.roster.people.map((p) => {
    const me = p.id === run.relay.actingAs.id ? " ◀ deg" : "";
    const hf = p.hfId ? `, ${run.host.services.roster.hfs.find((h) => h.id === p.hfId)?.name ?? p.hfId}` : "";
    const sub = p.substituteFor ? `, vara for ${p.substituteFor}` : "";
    return `  ${p.id.padEnd(20)} ${p.name} – ${ROLE_NB[p.role] ?? p.role}${hf}${sub}${me}`;
  });
  return ["Personer (roster-id, navn, rolle):", ...lines].join("\n");
}

export function launcherHelp(): string {
  return [
    "Kommandoer i dette vinduet:",
    "  som <id>              bli en annen person (f.eks. «som m-sorost-1», «som s-vest-2», «som coord»); «Personal Chat» blir den personens 1:1-chat",
    "  kom <id> [<id> ...]   deltakere kommer inn i møtet (meetingParticipantJoin); «kom medlemmer» = alle 8 medlemmer",
    "  gå <id> [<id> ...]    deltakere forlater møtet (meetingParticipantLeave)",
    "  start | slutt         møtet starter / slutter (meetingStart / meetingEnd)",
    "  hvem                  alle personer og roster-id-ene deres",
    "  hjelp                 denne teksten",
    "  Ctrl-C                stopp (dataene lagres i .data/)",
  ].join("\n");
}

interface PlaygroundStart {
  cwd: string;
  configPath: string;
  appEndpoint: string;
  serviceUrl: string;
  port: number;
  timeoutMs: number;
  onNote: (line: string) => void;
}

/** Starts the Agents Playground (offline: no telemetry, no browser) bound to 127.0.0.1; resolves with its URL. */
export async function startPlayground(o: PlaygroundStart): Promise<{ child: ChildProcess; url: string }> {
  const cli = require.resolve("@microsoft/m365agentsplayground/cli.js");
  const args = [
    "--require",
    LOOPBACK_PRELOAD,
    cli,
    "start",
    "--app-endpoint",
    o.appEndpoint,
    "--channel-id",
    "msteams",
    "--service-url",
    o.serviceUrl,
    "--port",
    String(o.port),
    "--disable-telemetry",
  ];
  const child = spawn(process.execPath, args, {
    cwd: o.cwd,
    env: {
      ...process.env,
      APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
      TEAMSAPPTESTER_BROWSER: "none",
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: o.configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(o.cwd, "playground.log"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the Agents Playground did not start within ${o.timeoutMs} ms:\n${output.slice(-2000)}`)), o.timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", fail);
    child.once("exit", (code, signal) => fail(new Error(`the Agents Playground exited (${signal ?? code}):\n${output.slice(-2000)}`)));
  });
  // Keep draining its output (a full pipe would block it); surface only errors.
  child.stdout!.removeAllListeners("data");
  child.stderr!.removeAllListeners("data");
  child.stdout!.resume();
  child.stderr!.on("data", (c: Buffer) => {
    const text = c.toString("utf8").trim();
    if (text && !/DeprecationWarning|ExperimentalWarning|--trace-deprecation/.test(text)) o.onNote(`[playground] ${text.slice(0, 500)}`);
  });
  child.removeAllListeners("exit");
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 3_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
