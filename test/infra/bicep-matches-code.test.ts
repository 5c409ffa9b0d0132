/**
 * infra/azure.bicep can't be compiled here (no bicep CLI, no Azure), so this
 * reads it as text and checks what would otherwise only fail after a deploy:
 * the Cosmos containers and partition keys match src/store/containers.ts, the
 * app settings are the names and values the app's config accepts, and the
 * toolkit files point at the right template, parameters and outputs.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAppEnv } from "../../src/config.js";
import { CONTAINERS } from "../../src/store/containers.js";
import { METRICS } from "../../src/telemetry.js";
import { loadStoreConfig } from "../../src/store/cosmos-config.js";
import { REPO_ROOT, parseEnvFile, placeholdersIn } from "../tools/package-app.js";

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), "utf8");
const bicep = read("infra/azure.bicep");
const teamsappYml = read("teamsapp.yml");
/** Bicep without // comments (not the // in 'https://'), so commented-out text never counts. */
const code = bicep.replace(/(^|\s)\/\/.*$/gm, "$1");

function block(startPattern: RegExp, open = "[", close = "]"): string {
  const m = startPattern.exec(code);
  if (!m) throw new Error(`not found in azure.bicep: ${startPattern}`);
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < code.length; i++) {
    if (code[i] === open) depth++;
    else if (code[i] === close && --depth === 0) return code.slice(m.index, i + 1);
  }
  throw new Error(`unbalanced block after ${startPattern}`);
}

const containersInBicep = [...block(/var cosmosContainers = \[/).matchAll(/\{\s*name:\s*'([^']+)',\s*partitionKey:\s*'([^']+)'\s*\}/g)].map((m) => ({
  name: m[1],
  partitionKey: m[2],
}));
const databaseName = /var cosmosDatabaseName = '([^']+)'/.exec(code)?.[1];

/** app setting name → bicep value expression (a quoted literal or an expression). */
const appSettings = new Map(
  [...block(/appSettings: \[/).matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*([^}]+?)\s*\}/g)].map((m) => [m[1] as string, m[2] as string]),
);
const literal = (expr: string | undefined) => (expr && /^'[^']*'$/.test(expr) ? expr.slice(1, -1) : undefined);

const params = new Map(
  [...code.matchAll(/^param (\w+) (\w+)(?: = (.+))?$/gm)].map((m) => [m[1] as string, { type: m[2] as string, hasDefault: m[3] !== undefined }]),
);
const outputs = [...code.matchAll(/^output (\w+) \w+ = /gm)].map((m) => m[1] as string);

/** All of src/ as one text, for "does the code read this name" checks. */
function sourceText(dir = path.join(REPO_ROOT, "src")): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sourceText(path.join(dir, e.name)) : e.name.endsWith(".ts") ? readFileSync(path.join(dir, e.name), "utf8") : ""))
    .join("\n");
}

/** Settings the platform or SDKs read, not our config code. */
const PLATFORM_SETTINGS = new Set(["NODE_ENV", "APPLICATIONINSIGHTS_CONNECTION_STRING", "WEBSITE_RUN_FROM_PACKAGE", "SCM_DO_BUILD_DURING_DEPLOYMENT"]);

describe("infra/azure.bicep: Cosmos DB matches src/store/containers.ts", () => {
  it("declares exactly the code's containers with the same partition keys", () => {
    const expected = Object.values(CONTAINERS).map((c) => ({ name: c.name, partitionKey: c.partitionKey }));
    expect(containersInBicep.length).toBeGreaterThan(0);
    expect([...containersInBicep].sort((a, b) => a.name!.localeCompare(b.name!))).toEqual([...expected].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("creates the containers from that list, in the database the app uses", () => {
    expect(code).toMatch(/for c in cosmosContainers: \{[\s\S]*?id: c\.name[\s\S]*?paths: \[c\.partitionKey\]/);
    expect(databaseName).toBe(loadStoreConfig({}).database);
    expect(code).toMatch(/name: cosmosDatabaseName/);
    expect(appSettings.get("COSMOS_DATABASE")).toBe("cosmosDatabaseName");
  });

  it("is serverless, keyless (Entra ID only) and TLS 1.2+", () => {
    const account = block(/resource cosmos 'Microsoft\.DocumentDB\/databaseAccounts@[\d-]+' = \{/, "{", "}");
    expect(account).toMatch(/capabilities: \[\s*\{ name: 'EnableServerless' \}\s*\]/);
    expect(account).toMatch(/disableLocalAuth: true/);
    expect(account).toMatch(/minimalTlsVersion: 'Tls12'/);
  });

  it("grants the managed identity the built-in Data Contributor role on the data plane", () => {
    const assignment = block(/resource \w+ 'Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments@[\d-]+' = \{/, "{", "}");
    expect(code).toMatch(/cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    expect(assignment).toMatch(/roleDefinitionId: '\$\{cosmos\.id\}\/sqlRoleDefinitions\/\$\{cosmosDataContributorRoleId\}'/);
    expect(assignment).toMatch(/principalId: identity\.properties\.principalId/);
  });
});

describe("infra/azure.bicep: Blob Storage for documents", () => {
  const account = () => block(/resource storage 'Microsoft\.Storage\/storageAccounts@[\d-]+' = \{/, "{", "}");

  it("is a StorageV2 account with TLS 1.2, HTTPS only, no public blob access and no shared key", () => {
    const a = account();
    expect(a).toMatch(/kind: 'StorageV2'/);
    expect(a).toMatch(/minimumTlsVersion: 'TLS1_2'/);
    expect(a).toMatch(/supportsHttpsTrafficOnly: true/);
    expect(a).toMatch(/allowBlobPublicAccess: false/);
    expect(a).toMatch(/allowSharedKeyAccess: false/);
  });

  it("keeps deleted blobs and containers (soft delete)", () => {
    const service = block(/resource blobService 'Microsoft\.Storage\/storageAccounts\/blobServices@[\d-]+' = \{/, "{", "}");
    expect(service).toMatch(/deleteRetentionPolicy: \{ enabled: true, days: \w+ \}/);
    expect(service).toMatch(/containerDeleteRetentionPolicy: \{ enabled: true, days: \w+ \}/);
  });

  it("creates the private container the app writes to", () => {
    const container = block(/resource documentsContainer 'Microsoft\.Storage\/storageAccounts\/blobServices\/containers@[\d-]+' = \{/, "{", "}");
    expect(container).toMatch(/publicAccess: 'None'/);
    expect(container).toMatch(/name: documentsContainerName/);
    const name = /var documentsContainerName = '([^']+)'/.exec(code)?.[1];
    expect(name).toBe(loadAppEnv({}).BLOB_CONTAINER);
    expect(appSettings.get("BLOB_CONTAINER")).toBe("documentsContainerName");
  });

  it("grants the managed identity Storage Blob Data Contributor on the account", () => {
    const assignment = block(/resource \w+ 'Microsoft\.Authorization\/roleAssignments@[\d-]+' = \{/, "{", "}");
    expect(code).toMatch(/storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'/);
    expect(assignment).toMatch(/scope: storage\b/);
    expect(assignment).toMatch(/roleDefinitions', storageBlobDataContributorRoleId\)/);
    expect(assignment).toMatch(/principalId: identity\.properties\.principalId/);
  });

  it("tells the app the account's blob endpoint and the document size cap", () => {
    expect(appSettings.get("BLOB_ACCOUNT_URL")).toBe("storage.properties.primaryEndpoints.blob");
    expect(appSettings.get("DOCUMENT_MAX_MB")).toBe("string(documentMaxMb)");
  });
});

describe("infra/azure.bicep: App Service and bot", () => {
  it("runs Node 20 on Linux, HTTPS only, with a health check on /healthz", () => {
    expect(params.get("nodeRuntime")).toBeDefined();
    expect(code).toMatch(/param nodeRuntime string = 'NODE\|20-lts'/);
    expect(code).toMatch(/linuxFxVersion: nodeRuntime/);
    expect(code).toMatch(/httpsOnly: true/);
    expect(code).toMatch(/healthCheckPath: '\/healthz'/);
    expect(code).toMatch(/alwaysOn: true/);
    expect(code).toMatch(/ftpsState: 'Disabled'/);
    expect(code).toMatch(/minTlsVersion: '1\.2'/);
    expect(code).toMatch(/param webAppSku string = 'B1'/);
  });

  it("points the health check and the bot endpoint at routes the app serves", () => {
    const src = sourceText();
    expect(src).toMatch(/method: "GET", path: "\/healthz"/);
    expect(src).toMatch(/method: "POST", path: "\/api\/messages"/);
  });

  it("registers the bot as the user-assigned identity at /api/messages with the Teams channel", () => {
    const bot = block(/resource bot 'Microsoft\.BotService\/botServices@[\d-]+' = \{/, "{", "}");
    expect(bot).toMatch(/kind: 'azurebot'/);
    expect(bot).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bot).toMatch(/msaAppId: identity\.properties\.clientId/);
    expect(bot).toMatch(/msaAppMSIResourceId: identity\.id/);
    expect(bot).toMatch(/msaAppTenantId: /);
    expect(bot).toMatch(/endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    expect(code).toMatch(/channelName: 'MsTeamsChannel'/);
  });

  it("gives the app the same identity it registers the bot with", () => {
    expect(appSettings.get("BOT_ID")).toBe("identity.properties.clientId");
    expect(appSettings.get("AZURE_CLIENT_ID")).toBe("identity.properties.clientId");
    expect(code).toMatch(/userAssignedIdentities: \{ '\$\{identity\.id\}': \{\} \}/);
  });

  it("has no secrets: no secure params, no keys, no passwords", () => {
    expect(code).not.toMatch(/@secure\(\)|listKeys|listConnectionStrings|BOT_PASSWORD|primaryMasterKey/);
    expect([...appSettings.keys()].filter((k) => /SECRET|PASSWORD|KEY$/.test(k))).toEqual([]);
  });

  it("has balanced braces and brackets (a cheap stand-in for compiling)", () => {
    const stripped = code.replace(/'(?:[^'\\]|\\.)*'/g, "''");
    for (const [open, close] of [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ] as const) {
      expect(stripped.split(open).length, `${open}${close}`).toBe(stripped.split(close).length);
    }
  });
});

describe("infra/azure.bicep: app settings match what the code reads", () => {
  const src = sourceText();
  const REQUIRED = [
    "KOMITEBOT_MODE",
    "BOT_ID",
    "BOT_TENANT_ID",
    "BOT_TYPE",
    "AZURE_CLIENT_ID",
    "ALLOWED_TENANT_IDS",
    "COSMOS_ENDPOINT",
    "COSMOS_DATABASE",
    "COSMOS_AUTH",
    "BLOB_ACCOUNT_URL",
    "DOCUMENT_MAX_MB",
    "APPLICATIONINSIGHTS_CONNECTION_STRING",
    "NODE_ENV",
  ];

  it("sets every setting the app needs in Azure", () => {
    for (const name of REQUIRED) expect([...appSettings.keys()], name).toContain(name);
    expect(literal(appSettings.get("KOMITEBOT_MODE"))).toBe("azure");
    expect(literal(appSettings.get("BOT_TYPE"))).toBe("UserAssignedMsi");
    expect(literal(appSettings.get("COSMOS_AUTH"))).toBe("managedIdentity");
    expect(literal(appSettings.get("NODE_ENV"))).toBe("production");
    expect(literal(appSettings.get("WEBSITE_RUN_FROM_PACKAGE"))).toBe("1");
    expect(literal(appSettings.get("SCM_DO_BUILD_DURING_DEPLOYMENT"))).toBe("false");
    expect(appSettings.get("APPLICATIONINSIGHTS_CONNECTION_STRING")).toBe("appInsights.properties.ConnectionString");
  });

  it("spells every app-specific setting exactly as the code reads it", () => {
    const appSpecific = [...appSettings.keys()].filter((k) => !PLATFORM_SETTINGS.has(k));
    expect(appSpecific.length).toBeGreaterThanOrEqual(9);
    for (const name of appSpecific) expect(new RegExp(`\\b${name}\\b`).test(src), `src/ reads ${name}`).toBe(true);
  });

  it("gives values the app's config validation accepts", () => {
    const guid = "4c2d1e0f-8a9b-4c3d-8e7f-6a5b4c3d2e1f";
    const env: Record<string, string> = {};
    for (const [name, expr] of appSettings) {
      env[name] =
        literal(expr) ??
        {
          BOT_ID: guid,
          AZURE_CLIENT_ID: guid,
          TEAMS_APP_ID: "0b7e3c2a-5d4f-4e8a-9c1b-2f6a7d8e9f01",
          TAB_CLIENT_ID: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
          TEAMS_CATALOG_APP_ID: "5b3b2a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c",
          BOT_TENANT_ID: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
          ALLOWED_TENANT_IDS: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
          COSMOS_ENDPOINT: "https://cosmos-komitebotdev01.documents.azure.com:443/",
          COSMOS_DATABASE: databaseName ?? "",
          BLOB_ACCOUNT_URL: "https://stkomitebotdev01.blob.core.windows.net/",
          DOCUMENT_MAX_MB: "25",
          BLOB_CONTAINER: "documents",
          APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-0000-0000-0000-000000000000",
        }[name] ??
        `<${expr}>`;
    }
    const app = loadAppEnv(env);
    expect(app.KOMITEBOT_MODE).toBe("azure");
    expect(app.BOT_TYPE).toBe("UserAssignedMsi");
    expect(app.host).toBe("0.0.0.0");
    expect(app.TAB_CLIENT_ID).toBe("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");
    // Deployed without values (an environment not provisioned yet): unset, not a failed start.
    expect(loadAppEnv({ ...env, TEAMS_APP_ID: "", TAB_CLIENT_ID: "" }).TAB_CLIENT_ID).toBeUndefined();
    expect(app.DOCUMENT_MAX_MB).toBe(25);
    const store = loadStoreConfig(env);
    expect(store).toMatchObject({ auth: "managedIdentity", database: databaseName, azureClientId: guid });
  });
});

describe("infra/azure.bicep: running as a service (issue 16)", () => {
  const account = () => block(/resource cosmos 'Microsoft\.DocumentDB\/databaseAccounts@[\d-]+' = \{/, "{", "}");

  it("runs two instances by default on a plan that allows several, with the health check", () => {
    expect(params.get("instanceCount")).toEqual({ type: "int", hasDefault: true });
    expect(code).toMatch(/param instanceCount int = 2/);
    const plan = block(/resource plan 'Microsoft\.Web\/serverfarms@[\d-]+' = \{/, "{", "}");
    expect(plan).toMatch(/sku: \{ name: webAppSku, capacity: instanceCount \}/);
    // B1 allows up to three instances (Basic: manual scale to 3).
    expect(code).toMatch(/param webAppSku string = 'B1'/);
    expect(code).toMatch(/healthCheckPath: '\/healthz'/);
  });

  it("keeps Cosmos DB in Norway East by default, with continuous backup (7-day point-in-time restore) and zone redundancy as a parameter", () => {
    expect(code).toMatch(/param location string = 'norwayeast'/);
    expect(account()).toMatch(/backupPolicy: \{\s*type: 'Continuous'\s*continuousModeProperties: \{ tier: 'Continuous7Days' \}\s*\}/);
    expect(params.get("cosmosZoneRedundant")).toEqual({ type: "bool", hasDefault: true });
    expect(account()).toMatch(/isZoneRedundant: cosmosZoneRedundant/);
    expect(account()).toMatch(/locationName: location/);
  });

  it("declares the leases container the instances coordinate through", () => {
    expect(containersInBicep).toContainEqual({ name: CONTAINERS.leases.name, partitionKey: CONTAINERS.leases.partitionKey });
  });

  it("alerts on routing failures (the metric the code emits) and on HTTP 5xx, to an action group whose e-mail is a parameter", () => {
    expect(params.get("alertEmail")?.type).toBe("string");
    const group = block(/resource alertGroup 'Microsoft\.Insights\/actionGroups@[\d-]+' = if \(!empty\(alertEmail\)\) \{/, "{", "}");
    expect(group).toMatch(/emailAddress: alertEmail/);
    const routing = block(/resource routingFailuresAlert 'Microsoft\.Insights\/scheduledQueryRules@[\d-]+-preview' = if \(!empty\(alertEmail\)\) \{/, "{", "}");
    expect(routing).toContain(`name == "${METRICS.routingFailures}"`);
    expect(routing).toMatch(/scopes: \[appInsights\.id\]/);
    expect(routing).toMatch(/actionGroups: \[alertGroup\.id\]/);
    const http = block(/resource http5xxAlert 'Microsoft\.Insights\/metricAlerts@[\d-]+' = if \(!empty\(alertEmail\)\) \{/, "{", "}");
    expect(http).toMatch(/metricName: 'Http5xx'/);
    expect(http).toMatch(/scopes: \[webApp\.id\]/);
    expect(http).toMatch(/actionGroupId: alertGroup\.id/);
  });
});

describe("toolkit files", () => {
  it("teamsapp.yml deploys infra/azure.bicep with infra/azure.parameters.json", () => {
    expect(teamsappYml).toMatch(/^version: v1\.\d+$/m);
    expect(teamsappYml).toMatch(/^environmentFolderPath: \.\/env$/m);
    expect(teamsappYml).toMatch(/- path: \.\/infra\/azure\.bicep\s+parameters: \.\/infra\/azure\.parameters\.json/);
    for (const action of [
      "teamsApp/create",
      "aadApp/create",
      "arm/deploy",
      "teamsApp/validateManifest",
      "teamsApp/zipAppPackage",
      "teamsApp/validateAppPackage",
      "teamsApp/update",
      "cli/runNpmCommand",
      "azureAppService/zipDeploy",
    ])
      expect(teamsappYml, action).toContain(`uses: ${action}`);
  });

  it("every variable the toolkit files and manifest use is set by the user or by a step", () => {
    const writtenBySteps = [...teamsappYml.matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1] as string);
    const example = Object.keys(parseEnvFile(read("env/.env.dev.example")));
    const available = new Set([...outputs, ...writtenBySteps, ...example]);
    const used = new Set([
      ...placeholdersIn(teamsappYml),
      ...placeholdersIn(read("infra/azure.parameters.json")),
      ...placeholdersIn(read("appPackage/manifest.json")),
    ]);
    for (const name of used) expect(available.has(name), `${name} is produced or documented`).toBe(true);
    for (const name of ["BOT_ID", "BOT_DOMAIN", "BOT_AZURE_APP_SERVICE_RESOURCE_ID", "COSMOS_ENDPOINT"]) expect(outputs).toContain(name);
    for (const name of outputs) expect(example, `${name} documented in env/.env.dev.example`).toContain(name);
  });

  it("azure.parameters.json is valid JSON and matches the bicep's params", () => {
    const file = JSON.parse(read("infra/azure.parameters.json")) as { parameters: Record<string, { value: unknown }> };
    for (const name of Object.keys(file.parameters)) expect(params.has(name), `param ${name} exists in azure.bicep`).toBe(true);
    for (const [name, p] of params) if (!p.hasDefault) expect(Object.keys(file.parameters), `required param ${name}`).toContain(name);
    for (const [name, { value }] of Object.entries(file.parameters)) {
      const type = params.get(name)!.type;
      expect(typeof value, name).toBe(type === "int" ? "number" : type === "bool" ? "boolean" : "string");
    }
    expect(JSON.stringify(file)).not.toMatch(/SECRET_/);
  });

  it("keeps the resource base name within the bicep's 4–20 characters", () => {
    const value = (JSON.parse(read("infra/azure.parameters.json")) as { parameters: { resourceBaseName: { value: string } } }).parameters.resourceBaseName
      .value;
    const suffix = parseEnvFile(read("env/.env.dev.example")).RESOURCE_SUFFIX ?? "";
    const resolved = value.replace("${{RESOURCE_SUFFIX}}", suffix);
    expect(resolved).toMatch(/^[a-z0-9]{4,20}$/);
  });
});

describe("the app's Node flags", () => {
  it("are the ones the benchmark measures with", async () => {
    const { readFileSync } = await import("node:fs");
    const { PRODUCTION_NODE_OPTIONS } = await import("../../src/config.js");
    const bicep = readFileSync(new URL("../../infra/azure.bicep", import.meta.url), "utf8");
    expect(bicep).toContain(`{ name: 'NODE_OPTIONS', value: '${PRODUCTION_NODE_OPTIONS}' }`);
  });
});
