/**
 * Installing Komitébot for a person with Microsoft Graph (issue 14), so the
 * bot can open a 1:1 chat with someone who never installed the app:
 * `POST {graph}/v1.0/users/{aadObjectId}/teamwork/installedApps` with the app
 * in the organisation's catalog, as an application (permission
 * TeamsAppInstallation.ReadWriteSelfForUser.All, granted by an admin; see the
 * README). 201 installed; 409 already installed (success); 403 no consent;
 * 404 unknown user; 429 throttled: Retry-After is honoured, a few times, with
 * the total wait capped so a send never hangs.
 *
 * The token comes from the app's managed identity (@azure/identity) in Azure;
 * tests give a static one and point the base URL at a loopback stand-in.
 */
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import type { AppInstaller, Installed } from "../app/ports.js";
import type { Logger } from "../log.js";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface GraphInstallerOptions {
  /** e.g. https://graph.microsoft.com (config GRAPH_BASE_URL). */
  baseUrl: string;
  /** The app's id in the organisation's app catalog (config TEAMS_CATALOG_APP_ID). */
  catalogAppId: string;
  /** A Graph access token for the app (application permissions). */
  token: () => Promise<string>;
  /** Attempts in all when Graph throttles (default 3). */
  maxAttempts?: number;
  /** The most a send waits for Retry-After in all, in ms (default 10 s). */
  maxWaitMs?: number;
  /** Per request, in ms (default 10 s). */
  timeoutMs?: number;
  log?: Logger;
}

/** A token from the managed identity (a user-assigned one when clientId is given), else the default chain. */
export function managedIdentityToken(clientId?: string): () => Promise<string> {
  const credential: TokenCredential = clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
  return async () => {
    const t = await credential.getToken(GRAPH_SCOPE);
    if (!t?.token) throw new Error("no Graph token from the managed identity");
    return t.token;
  };
}

export class GraphAppInstaller implements AppInstaller {
  private readonly base: string;
  constructor(private readonly options: GraphInstallerOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  async install(aadObjectId: string): Promise<Installed> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    let waitLeft = this.options.maxWaitMs ?? 10_000;
    const url = `${this.base}/v1.0/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`;
    const body = JSON.stringify({ "teamsApp@odata.bind": `${this.base}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(this.options.catalogAppId)}` });
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let retryAfter: string | null = null;
      try {
        const token = await this.options.token();
        const res = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        status = res.status;
        retryAfter = res.headers.get("retry-after");
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        this.options.log?.warn({ err: String((err as Error)?.message ?? err).slice(0, 200) }, "graph install failed");
        return { ok: false, reason: "failed" };
      }
      if (status === 201 || status === 200 || status === 204) return { ok: true, alreadyInstalled: false };
      if (status === 409) return { ok: true, alreadyInstalled: true };
      this.options.log?.warn({ status, attempt }, "graph install refused");
      if (status === 403) return { ok: false, reason: "noConsent", status };
      if (status === 404) return { ok: false, reason: "unknownUser", status };
      if (status !== 429 && status < 500) return { ok: false, reason: "failed", status };
      const waitMs = retryAfterMs(retryAfter) ?? 1000 * attempt;
      if (attempt >= maxAttempts || waitMs > waitLeft) return { ok: false, reason: status === 429 ? "throttled" : "failed", status };
      waitLeft -= waitMs;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
