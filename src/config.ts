/**
 * Environment → typed, validated configuration. Fails fast with a message that
 * names each missing or malformed variable.
 */
import { z } from "zod";
import { CASE_MINUTES_MAX, CASE_MINUTES_MIN, DEFAULT_CASE_MINUTES } from "./domain/time-budget.js";

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** An app setting left empty (a deployment parameter without a value) is an unset one. */
const emptyAsUnset = (v: unknown) => (v === "" ? undefined : v);

const AppEnvSchema = z
  .object({
    KOMITEBOT_MODE: z.enum(["local", "azure"]).default("local"),
    NODE_ENV: z.string().optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Bind address. Local mode without auth is loopback only. */
    HOST: z.string().optional(),
    BOT_ID: z.string().uuid().optional(),
    BOT_TENANT_ID: z.string().uuid().optional(),
    BOT_TYPE: z.enum(["UserAssignedMsi", "SingleTenant", "MultiTenant"]).default("UserAssignedMsi"),
    BOT_PASSWORD: z.string().min(1).optional(),
    ALLOWED_TENANT_IDS: csv,
    ROSTER_FILE: z.string().optional(),
    // 000 §6.2: at least four decision-competent members; a stricter committee may ask for more, but never more
    // than the eight seats (a substitute only fills their member's seat), or no case could ever be decided.
    QUORUM_MINIMUM: z.coerce.number().int().min(4).max(8).default(4),
    // A precaution beyond the source's own-HF rule (000 §6.2): members from the patient's catchment-area HF are recused too.
    RECUSE_CATCHMENT_HF: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
    // The app's public https address (for pages Teams shows, e.g. the chair's in-meeting quorum notice). In Azure App
    // Service it defaults to https://$WEBSITE_HOSTNAME; without one, in-meeting notifications fall back to the chat.
    PUBLIC_BASE_URL: z
      .string()
      .url()
      .refine((u) => u.startsWith("https://"), "must be an https URL")
      .optional(),
    WEBSITE_HOSTNAME: z.string().max(253).optional(),
    ACK_FOLLOW_UP_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(3),
    // Retention: years after a case closed before its clinical free text is removed (the record is kept). Unset: off.
    RETENTION_CLOSED_CASE_YEARS: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100).optional()),
    /** Issue 13: the short notice for papers of an extra meeting for an urgent case, in working days. */
    EXTRA_MEETING_PAPERS_WORKING_DAYS: z.coerce.number().int().min(1).max(10).default(1),
    /** Issue 13, the two-hour limit: the minutes a case gets when put on an agenda (the coordinator may change them; the sum stays within 120). */
    CASE_MINUTES_DEFAULT: z.coerce.number().int().min(CASE_MINUTES_MIN).max(CASE_MINUTES_MAX).default(DEFAULT_CASE_MINUTES),
    /** Issue 15: months from a grant's decision to its review date by default; working days to the follow-up's reminder (and again to overdue); to a group-level proposal's reminder. */
    FOLLOW_UP_MONTHS: z.coerce.number().int().min(1).max(24).default(6),
    FOLLOW_UP_REMINDER_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(5),
    PROPOSAL_REMINDER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
    /** Issue 14: the members' comment window on a confirmed record before the chair approves, in hours; 0 = off. */
    RECORD_COMMENT_WINDOW_HOURS: z.coerce.number().int().min(0).max(168).default(0),
    INTAKE_LOCAL_KEY: z.string().min(16).optional(),
    INTAKE_AUDIENCE: z.string().optional(),
    // Client application id → HF ids it may file for (JSON), beside the Cases.Submit.<HF id> app roles (src/http/auth.ts).
    INTAKE_HF_BY_CLIENT: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return undefined;
        let parsed: unknown;
        try {
          parsed = JSON.parse(v);
        } catch {
          ctx.addIssue({ code: "custom", message: 'must be JSON: {"<client app id>": ["<HF id>", …]}' });
          return z.NEVER;
        }
        const map = z.record(z.string().min(1), z.array(z.string().regex(/^\S{1,100}$/, "HF ids have no spaces")).min(1)).safeParse(parsed);
        if (!map.success) {
          ctx.addIssue({ code: "custom", message: `must map client app ids to lists of HF ids (${map.error.issues[0]?.message ?? "invalid"})` });
          return z.NEVER;
        }
        return map.data;
      }),
    // The meeting book (Møtemappe, the Teams tab). TEAMS_APP_ID: the Teams app's id (the manifest's), for the cards'
    // deep links to the tab. TAB_CLIENT_ID: the Entra app registration whose api://<domain>/<id> the tab's SSO tokens
    // are for (the manifest's webApplicationInfo; default BOT_ID).
    TEAMS_APP_ID: z.preprocess(emptyAsUnset, z.string().uuid().optional()),
    TAB_CLIENT_ID: z.preprocess(emptyAsUnset, z.string().uuid().optional()),
    // Local mode on loopback only: whom the meeting book reads as when no launcher says (`npm run dev`, the benchmark).
    KOMITEBOT_TAB_PERSON: z.string().max(64).optional(),
    // Documents (a case's papers): the largest file accepted, and where their content lives. Without BLOB_ACCOUNT_URL
    // (local mode) Azurite starts with the app; in Azure the storage account's blob endpoint, reached with the managed identity.
    DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(100).default(25),
    BLOB_ACCOUNT_URL: z
      .string()
      .url()
      .refine((u) => u.startsWith("https://"), "must be an https URL (the storage account's blob endpoint, https://<account>.blob.core.windows.net)")
      .optional(),
    BLOB_CONTAINER: z
      .string()
      .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be a blob container name (3–63 lower-case letters, digits and single hyphens)")
      .default("documents"),
    // Issue 14: installing the app for people who never did (Microsoft Graph, application permission
    // TeamsAppInstallation.ReadWriteSelfForUser.All with admin consent; see the README). TEAMS_CATALOG_APP_ID: the app's
    // id in the organisation's app catalog (not the manifest id); unset = no installing (the notice is kept, as before).
    // TEAMS_SERVICE_URL: where the bot opens new 1:1 chats. GRAPH_INSTALL_MAX_WAIT_S: the most a send waits for Graph's Retry-After.
    TEAMS_CATALOG_APP_ID: z.preprocess(emptyAsUnset, z.string().uuid("must be a GUID (the app's id in the Teams app catalog)").optional()),
    GRAPH_BASE_URL: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .url()
        .refine((u) => u.startsWith("https://") || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), "must be an https URL (http on loopback only)")
        .default("https://graph.microsoft.com"),
    ),
    TEAMS_SERVICE_URL: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .url()
        .refine((u) => u.startsWith("https://") || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), "must be an https URL (http on loopback only)")
        .default("https://smba.trafficmanager.net/teams/"),
    ),
    GRAPH_INSTALL_MAX_WAIT_S: z.coerce.number().int().min(0).max(60).default(10),
    AZURE_CLIENT_ID: z.preprocess(emptyAsUnset, z.string().uuid().optional()),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DEMO_DATA: z.enum(["true", "false"]).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.BOT_ID)
      ctx.addIssue({ code: "custom", path: ["BOT_ID"], message: "is required when NODE_ENV=production: without it no request would be authenticated" });
    if (env.KOMITEBOT_MODE === "azure") {
      if (!env.ROSTER_FILE)
        ctx.addIssue({
          code: "custom",
          path: ["ROSTER_FILE"],
          message: "is required in azure mode (the committee's roster; the demo roster is for local runs only)",
        });
      if (!env.BOT_ID) ctx.addIssue({ code: "custom", path: ["BOT_ID"], message: "is required in azure mode (the bot's app/client id)" });
      if (!env.BLOB_ACCOUNT_URL)
        ctx.addIssue({ code: "custom", path: ["BLOB_ACCOUNT_URL"], message: "is required in azure mode (the storage account's blob endpoint for documents)" });
      if (!env.BOT_TENANT_ID) ctx.addIssue({ code: "custom", path: ["BOT_TENANT_ID"], message: "is required in azure mode" });
      if (env.ALLOWED_TENANT_IDS.length === 0)
        ctx.addIssue({ code: "custom", path: ["ALLOWED_TENANT_IDS"], message: "is required in azure mode (comma-separated tenant ids)" });
      if (env.KOMITEBOT_TAB_PERSON)
        ctx.addIssue({
          code: "custom",
          path: ["KOMITEBOT_TAB_PERSON"],
          message: "is for local mode only: in azure mode the meeting book's reader signs in with Teams",
        });
      if (env.BOT_TYPE !== "UserAssignedMsi" && !env.BOT_PASSWORD)
        ctx.addIssue({ code: "custom", path: ["BOT_PASSWORD"], message: `is required when BOT_TYPE is ${env.BOT_TYPE}` });
    } else if (env.HOST && !isLoopback(env.HOST) && !env.BOT_ID) {
      ctx.addIssue({ code: "custom", path: ["HOST"], message: "local mode without bot authentication binds to loopback only (127.0.0.1, ::1 or localhost)" });
    } else if (env.HOST && !isLoopback(env.HOST) && env.INTAKE_LOCAL_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["INTAKE_LOCAL_KEY"],
        message: "the development intake key works on loopback only: unset it, or bind HOST to 127.0.0.1, ::1 or localhost",
      });
    }
  });

export type AppEnv = z.infer<typeof AppEnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}

export function loadAppEnv(env: NodeJS.ProcessEnv): AppEnv & { host: string; publicBaseUrl?: string } {
  const parsed = AppEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatZodIssues(parsed.error));
  const host = parsed.data.HOST ?? (parsed.data.KOMITEBOT_MODE === "azure" ? "0.0.0.0" : "127.0.0.1");
  const publicBaseUrl = publicBase(parsed.data);
  return { ...parsed.data, host, ...(publicBaseUrl ? { publicBaseUrl } : {}) };
}

/** The public https base URL without a trailing slash, if the app has one. */
function publicBase(env: AppEnv): string | undefined {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  if (env.KOMITEBOT_MODE === "azure" && env.WEBSITE_HOSTNAME && /^[a-z0-9.-]+$/i.test(env.WEBSITE_HOSTNAME)) return `https://${env.WEBSITE_HOSTNAME}`;
  return undefined;
}

/**
 * Node flags for the app in production (infra/azure.bicep sets NODE_OPTIONS to
 * this; the benchmark runs the app with it). A committee of a few dozen people
 * needs little heap: a smaller young generation and a capped old space keep the
 * process well under 200 MB instead of letting V8 grow lazily.
 */
export const PRODUCTION_NODE_OPTIONS = "--max-old-space-size=128 --max-semi-space-size=4";
