/**
 * Environment → typed, validated configuration. Fails fast with a message that
 * names each missing or malformed variable.
 */
import { z } from "zod";

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

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
    /** Issue 13: the short notice for papers of an extra meeting for an urgent case, in working days. */
    EXTRA_MEETING_PAPERS_WORKING_DAYS: z.coerce.number().int().min(1).max(10).default(1),
    INTAKE_LOCAL_KEY: z.string().min(16).optional(),
    INTAKE_AUDIENCE: z.string().optional(),
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
      if (!env.BOT_TENANT_ID) ctx.addIssue({ code: "custom", path: ["BOT_TENANT_ID"], message: "is required in azure mode" });
      if (env.ALLOWED_TENANT_IDS.length === 0)
        ctx.addIssue({ code: "custom", path: ["ALLOWED_TENANT_IDS"], message: "is required in azure mode (comma-separated tenant ids)" });
      if (env.BOT_TYPE !== "UserAssignedMsi" && !env.BOT_PASSWORD)
        ctx.addIssue({ code: "custom", path: ["BOT_PASSWORD"], message: `is required when BOT_TYPE is ${env.BOT_TYPE}` });
    } else if (env.HOST && !isLoopback(env.HOST) && !env.BOT_ID) {
      ctx.addIssue({ code: "custom", path: ["HOST"], message: "local mode without bot authentication binds to loopback only (127.0.0.1, ::1 or localhost)" });
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
