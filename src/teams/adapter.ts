/**
 * The Bot Framework adapter. In Azure mode it validates every incoming JWT
 * (the bot's app id is required) and authenticates outgoing calls with the
 * bot's identity; in local mode there is no app id, so no token is checked or
 * sent, and the server binds to loopback only (see config.ts).
 */
import { ConfigurationServiceClientCredentialFactory, TurnContext, type Activity, type InvokeResponse } from "botbuilder";
import { validateAndFixActivity } from "botbuilder/lib/activityValidator.js";
import { AuthenticationError } from "botframework-connector";
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { AppEnv } from "../config.js";

/** What the adapter answers for one activity: the HTTP status and, for an invoke, its body. */
export interface AdapterAnswer {
  status: number;
  body?: unknown;
}

/**
 * Teams AI's adapter with one entry point for an activity the endpoint has
 * already read and checked (messages-endpoint.ts). CloudAdapter.process does
 * the same, but first builds four zod schemas for every request to check what
 * our endpoint has checked already (a twentieth of the app's CPU per invoke in
 * the bench); authentication, the turn and the invoke response are the
 * adapter's own (processActivity), and its outcomes map to statuses as in
 * process: an AuthenticationError is 401, any other error 500.
 */
export class KomitebotAdapter extends TeamsAdapter {
  async answer(authHeader: string, activity: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>): Promise<AdapterAnswer> {
    // botbuilder's own fix-up (timestamps as Dates); it throws for what is no activity, before the turn: the endpoint's 400.
    const checked = validateAndFixActivity(activity as unknown as Activity);
    try {
      const invokeResponse: InvokeResponse | undefined = await this.processActivity(authHeader, checked, logic);
      return { status: invokeResponse?.status ?? 200, ...(invokeResponse?.body !== undefined ? { body: invokeResponse.body } : {}) };
    } catch (err) {
      console.error(err); // as CloudAdapter.process: the endpoint turns this into one structured log line
      return { status: err instanceof AuthenticationError ? 401 : 500, body: (err as Error)?.message ?? err };
    }
  }
}

export function createAdapter(env: Pick<AppEnv, "KOMITEBOT_MODE" | "BOT_ID" | "BOT_TENANT_ID" | "BOT_TYPE" | "BOT_PASSWORD">): KomitebotAdapter {
  if (env.KOMITEBOT_MODE === "azure" && !env.BOT_ID) throw new Error("BOT_ID is required in azure mode");
  const credentials = env.BOT_ID
    ? new ConfigurationServiceClientCredentialFactory({
        MicrosoftAppId: env.BOT_ID,
        MicrosoftAppType: env.BOT_TYPE,
        MicrosoftAppTenantId: env.BOT_TENANT_ID,
        ...(env.BOT_PASSWORD ? { MicrosoftAppPassword: env.BOT_PASSWORD } : {}),
      })
    : new ConfigurationServiceClientCredentialFactory({});
  return new KomitebotAdapter(env.BOT_ID ? { MicrosoftAppId: env.BOT_ID, MicrosoftAppTenantId: env.BOT_TENANT_ID } : {}, credentials);
}

export type { TurnContext };
