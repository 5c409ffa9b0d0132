/**
 * `npm start`: the whole app on this machine, offline, on 127.0.0.1 — the bot
 * with its embedded store (kept in .data/) and demo data, and the Microsoft 365
 * Agents Playground as the Teams client. Type launcher commands in this
 * terminal (act as another person, meeting events); Ctrl-C stops everything
 * and writes the store's snapshot. Walkthrough: docs/walkthrough.md.
 */
import { clearLine, createInterface, cursorTo, type Interface } from "node:readline";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createLogger } from "./log.js";
import { ConfigError } from "./config.js";
import { exitWithStartupError } from "./host.js";
import { describe, launcherHelp, meetingLines, startLocal } from "./local/launcher.js";
import { localLogDestination, routeConsoleAndWarnings } from "./local/log-routing.js";
import { MEETING_CHAT_NAME } from "./local/playground-config.js";

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KOMITEBOT_MODE: process.env.KOMITEBOT_MODE ?? "local",
    PORT: process.env.PORT ?? "3978",
    KOMITEBOT_DATA_DIR: process.env.KOMITEBOT_DATA_DIR ?? ".data",
    DEMO_DATA: process.env.DEMO_DATA ?? "true",
  };
  if (env.KOMITEBOT_MODE !== "local") throw new ConfigError(["KOMITEBOT_MODE: npm start is the local run; use `npm run dev` for other modes"]);
  const dataDir = env.KOMITEBOT_DATA_DIR!;
  mkdirSync(dataDir, { recursive: true });
  const print = (s: string) => process.stdout.write(`${s}\n`);
  // A note that arrives while the prompt waits (a message for someone else, a warning) goes above the prompt.
  let prompt: Interface | undefined;
  let busy = false;
  const note = (s: string) => {
    if (!prompt || busy || !process.stdout.isTTY) return print(s);
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
    print(s);
    prompt.prompt(true);
  };
  // Everything the app logs goes to a file (libraries' console output and Node's warnings too; the store's
  // process is routed there by startHost), so this terminal stays readable: it gets one line per warning.
  const logFile = path.join(dataDir, "komitebot.log");
  const log = createLogger(
    env.LOG_LEVEL ?? "info",
    localLogDestination(logFile, (line) => note(`${line} – se ${logFile}`)),
  );
  routeConsoleAndWarnings(log);

  print("Starter Komitébot lokalt (bot, lagring i .data/, Microsoft 365 Agents Playground) …");
  const run = await startLocal({
    env,
    log,
    playgroundPort: Number(process.env.PLAYGROUND_PORT ?? 56150),
    actAs: process.env.KOMITEBOT_ACT_AS ?? "chair",
    onNote: note,
  });

  print(
    [
      "",
      "══════════════════════════════════════════════════════════════════════",
      ` Komitébot kjører lokalt. Åpne i nettleseren:  ${run.playgroundUrl}`,
      "══════════════════════════════════════════════════════════════════════",
      ` Møtemappe (fanen, i en vanlig nettleser, som den du er nå):  ${run.tabUrl}   (møtepanelet: ${run.tabUrl}?view=meeting)`,
      ` Bot: ${run.host.server.url}/api/messages   Data: ${path.resolve(dataDir)}   Logg: ${logFile}`,
      ...meetingLines(run).map((l) => ` ${l}`),
      ` Komitébot er installert for ${run.installed} personer i rosteren (som en administrator ville gjort i Teams); hver har sin egen 1:1-chat med boten.`,
      "",
      ` Du er: ${describe(run.relay.actingAs)}`,
      "",
      "I playgrounden:",
      `  1. Velg gruppechatten «${MEETING_CHAT_NAME}» (den spiller møtechatten).`,
      "  2. Skriv @Komitébot (velg boten i lista) og så kommandoen, f.eks.:",
      "       @Komitébot koble møte     (leder/koordinator: kobler chatten til dagens møte)",
      "       @Komitébot neste sak      (leder: tar opp neste sak)",
      "       @Komitébot sjekk inn | sakliste | oppmøte | sak TO-ÅÅÅÅ-NNN | hjelp",
      "  3. Klikk knappene på kortene (Innvilge / Avslå / Utsette, Konkluder …).",
      "  4. «Personal Chat» er 1:1-chatten med boten for den du er nå (koordinatorens avgjørelsesutkast, fagdirektørens «Mottatt»).",
      "",
      launcherHelp(),
      "",
      "Prøv: «kom medlemmer» · «som m-vest-2» (inhabil i sak 001) · «som s-vest-2» (vara) · «som coord» (avgjørelsen) · «som dir-fonna» (fagdirektør, Helse Fonna)",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    print(`\nStopper (${why}) …`);
    await run.close();
    print(`Stoppet. Dataene ligger i ${dataDir}/ (slett mappa for å starte på nytt).`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("Ctrl-C"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  run.playground.once("exit", (code, signal) => {
    if (!stopping) {
      print(`Agents Playground stoppet uventet (${signal ?? code}); se ${path.join(dataDir, "playground", "playground.log")}.`);
      void stop("playground stoppet");
    }
  });

  {
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "komitebot> " });
    prompt = rl;
    rl.prompt();
    // One command at a time, in the order typed.
    let queue = Promise.resolve();
    rl.on("line", (line) => {
      queue = queue.then(() => {
        busy = true;
        return run
          .command(line)
          .then((out) => {
            if (out) print(out);
          })
          .catch((err) => {
            print(`Feil: ${(err as Error).message}`);
          })
          .finally(() => {
            busy = false;
            rl.prompt();
          });
      });
    });
    rl.on("SIGINT", () => void stop("Ctrl-C"));
  }
}

main().catch(exitWithStartupError);
