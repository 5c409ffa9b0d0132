/**
 * The Bot Framework adapter. In Azure mode it validates every incoming JWT
 * (the bot's app id is required) and authenticates outgoing calls with the
 * bot's identity; in local mode there is no app id, so no token is checked or
 * sent, and the server binds to loopback only (see config.ts).
 */
import { ConfigurationServiceClientCredentialFactory, TurnContext } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { AppEnv } from "../config.js";

export function createAdapter(env: Pick<AppEnv, "KOMITEBOT_MODE" | "BOT_ID" | "BOT_TENANT_ID" | "BOT_TYPE" | "BOT_PASSWORD">): TeamsAdapter {
  if (env.KOMITEBOT_MODE === "azure" && !env.BOT_ID) throw new Error("BOT_ID is required in azure mode");
  const credentials = env.BOT_ID
    ? new ConfigurationServiceClientCredentialFactory({
        MicrosoftAppId: env.BOT_ID,
        MicrosoftAppType: env.BOT_TYPE,
        MicrosoftAppTenantId: env.BOT_TENANT_ID,
        ...(env.BOT_PASSWORD ? { MicrosoftAppPassword: env.BOT_PASSWORD } : {}),
      })
    : new ConfigurationServiceClientCredentialFactory({});
  return new TeamsAdapter(env.BOT_ID ? { MicrosoftAppId: env.BOT_ID, MicrosoftAppTenantId: env.BOT_TENANT_ID } : {}, credentials);
}

export type { TurnContext };
