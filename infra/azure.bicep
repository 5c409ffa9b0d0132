// Komitébot in Azure: one resource group with
//   - a user-assigned managed identity: the bot's identity (Bot Framework) and the app's identity (Cosmos DB)
//   - App Service (Linux, Node 20) running the bot
//   - Azure Bot with the Teams channel
//   - Cosmos DB (serverless, Entra ID auth only) with the containers from src/store/containers.ts
//   - Log Analytics + Application Insights, with alert rules (routing failures, HTTP 5xx) to an e-mail action group
//   - Cosmos DB with continuous backup (7-day point-in-time restore), in Norway East unless told otherwise
//   - a storage account for the cases' documents (Blob Storage, Entra ID only, private, soft delete)
// No keys, passwords or connection secrets are created or passed anywhere.
// Deployed by the toolkit's arm/deploy (teamsapp.yml) with azure.parameters.json;
// test/infra/bicep-matches-code.test.ts checks it against the code.

@minLength(4)
@maxLength(20)
@description('Base for all resource names, e.g. komitebot + the environment\'s RESOURCE_SUFFIX. Lower-case letters and digits.')
param resourceBaseName string

@description('Region for everything except the Azure Bot (which is global). Norway East keeps the committee\'s data in Norway (data residency).')
param location string = 'norwayeast'

@description('App Service plan SKU. B1 is enough for one committee; P0v3 adds zone/scale options.')
param webAppSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('App Service instances (the plan\'s capacity). Two by default: a restart or a deploy on one leaves the other answering Teams; the app coordinates timers and papers runs between instances with leases in Cosmos DB. B1 allows up to 3, P0v3 up to 10.')
param instanceCount int = 2

@description('Make the Cosmos DB account zone-redundant in its region (needs a region with availability zones, e.g. Norway East; costs more).')
param cosmosZoneRedundant bool = false

@description('E-mail address that receives the alerts (routing failures, HTTP 5xx). Empty: the alert rules are not created.')
param alertEmail string = ''

@description('App Service runtime stack. The app is built and tested on Node 20 (see package.json engines).')
param nodeRuntime string = 'NODE|20-lts'

@maxLength(42)
@description('Display name of the Azure Bot resource.')
param botDisplayName string = 'Komitébot'

@description('Comma-separated Entra tenant ids whose Teams users may talk to the bot. Empty: this deployment\'s tenant only.')
param allowedTenantIds string = ''

@description('Days to keep logs in Log Analytics.')
param logRetentionDays int = 30

@minValue(1)
@maxValue(100)
@description('Largest document accepted, in MB (DOCUMENT_MAX_MB).')
param documentMaxMb int = 25

@minValue(1)
@maxValue(365)
@description('Days a deleted or overwritten blob (and a deleted container) stays recoverable (soft delete).')
param blobSoftDeleteDays int = 30

@description('Path of the committee roster (JSON, see README) on the app\'s persistent storage. Upload it there before the first start; the app refuses to start without it.')
param rosterFile string = '/home/data/roster.json'

@description('The Teams app id (the manifest\'s id, TEAMS_APP_ID): the cards\' deep links to the meeting book tab name it. Empty: no deep links.')
param teamsAppId string = ''

@description('Issue 14: the app\'s id in the organisation\'s Teams app catalog (TEAMS_CATALOG_APP_ID, not the manifest id): the bot installs the app for people it must write to who never did, with Microsoft Graph as the managed identity. Needs the application permission TeamsAppInstallation.ReadWriteSelfForUser.All on that identity, granted by an admin (README, "Reaching people who never installed the app"). Empty: no installing; the notice waits for the person.')
param teamsCatalogAppId string = ''

@description('Client id of the Entra app registration the meeting book\'s SSO tokens are for (the manifest\'s webApplicationInfo, RSC_APP_ID).')
param tabClientId string = ''

var names = {
  identity: 'id-${resourceBaseName}'
  plan: 'asp-${resourceBaseName}'
  webApp: 'app-${resourceBaseName}'
  bot: 'bot-${resourceBaseName}'
  cosmos: 'cosmos-${resourceBaseName}'
  storage: 'st${resourceBaseName}' // 3–24 lower-case letters and digits
  logs: 'log-${resourceBaseName}'
  insights: 'appi-${resourceBaseName}'
  alerts: 'ag-${resourceBaseName}'
}
var tenantId = tenant().tenantId
var effectiveAllowedTenantIds = empty(allowedTenantIds) ? tenantId : allowedTenantIds

// Must equal src/store/containers.ts (names and partition key paths) and the
// database name the app uses (COSMOS_DATABASE).
var cosmosDatabaseName = 'komitebot'
var cosmosContainers = [
  { name: 'cases', partitionKey: '/id' }
  { name: 'meetings', partitionKey: '/meetingId' }
  { name: 'records', partitionKey: '/caseId' }
  { name: 'audit', partitionKey: '/scope' }
  { name: 'conversations', partitionKey: '/id' }
  { name: 'activities', partitionKey: '/id' }
  { name: 'leases', partitionKey: '/id' }
  { name: 'documents', partitionKey: '/caseId' }
]

// The blob container for documents' content (BLOB_CONTAINER, src/config.ts default).
var documentsContainerName = 'documents'
// Built-in "Storage Blob Data Contributor" (data plane: read, write and delete blobs; no keys, no account management).
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// Built-in "Cosmos DB Built-in Data Contributor" (data plane: read/write items, no account management).
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

// ---------------------------------------------------------------------------
// Identity: one user-assigned managed identity. Its client id is the bot's
// app id (BOT_ID, msaAppType UserAssignedMSI) and the credential the app uses
// for Cosmos DB (AZURE_CLIENT_ID), so there is no client secret to rotate.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

// ---------------------------------------------------------------------------
// Monitoring: a workspace-based Application Insights; the app gets its
// connection string (not a secret: it only allows sending telemetry).
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---------------------------------------------------------------------------
// Cosmos DB: serverless (pay per request, fits a committee's load), Entra ID
// only (disableLocalAuth: no account keys work), TLS 1.2 minimum.
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: names.cosmos
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: cosmosZoneRedundant }
    ]
    // Point-in-time restore to any second of the last 7 days (README "Backup and restore").
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
    capabilities: [
      { name: 'EnableServerless' }
    ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource cosmosDatabase 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: { id: cosmosDatabaseName }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in cosmosContainers: {
    parent: cosmosDatabase
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 }
      }
    }
  }
]

// Data-plane RBAC: the identity may read and write items in this account.
resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// ---------------------------------------------------------------------------
// Storage for documents' content: Entra ID only (no shared key, so no
// connection string exists to leak), no public blob access, HTTPS and TLS 1.2,
// soft delete for blobs and containers. The app reaches it with the identity.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: blobSoftDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: blobSoftDeleteDays }
  }
}

resource documentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: documentsContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Data-plane RBAC: the identity may read and write blobs in this account.
resource storageBlobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------
// App Service: Linux plan + Node 20 web app running the bot.
resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: names.plan
  location: location
  kind: 'linux'
  sku: { name: webAppSku, capacity: instanceCount }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: names.webApp
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: nodeRuntime
      // The toolkit's deploy step builds before uploading (teamsapp.yml); App Service only starts it.
      appCommandLine: 'node dist/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        // The same flags the benchmark measures with (src/config.ts PRODUCTION_NODE_OPTIONS).
        { name: 'NODE_OPTIONS', value: '--max-old-space-size=128 --max-semi-space-size=4' }
        { name: 'KOMITEBOT_MODE', value: 'azure' }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TENANT_ID', value: tenantId }
        { name: 'BOT_TYPE', value: 'UserAssignedMsi' }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'ALLOWED_TENANT_IDS', value: effectiveAllowedTenantIds }
        { name: 'ROSTER_FILE', value: rosterFile }
        // The meeting book (Møtemappe): deep links name the Teams app; SSO tokens are for api://<host>/<tabClientId>.
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TAB_CLIENT_ID', value: tabClientId }
        // Issue 14: installing the app for people who never did (Microsoft Graph; admin consent: README).
        { name: 'TEAMS_CATALOG_APP_ID', value: teamsCatalogAppId }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
        { name: 'COSMOS_AUTH', value: 'managedIdentity' }
        { name: 'BLOB_ACCOUNT_URL', value: storage.properties.primaryEndpoints.blob }
        { name: 'BLOB_CONTAINER', value: documentsContainerName }
        { name: 'DOCUMENT_MAX_MB', value: string(documentMaxMb) }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        // The zip the toolkit uploads is already built: run it as is, don't build on the server.
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }
}

// FTP is never used; zip deploy goes through the SCM site with an Entra token.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: { allow: false }
}

// ---------------------------------------------------------------------------
// Azure Bot: registers https://<web app>/api/messages with the Bot Framework,
// authenticated as the managed identity (no app password).
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' } // the Teams channel is free
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: identity.id
  }
}

// The Teams channel on the bot.
resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// ---------------------------------------------------------------------------
// Alerts: routing failures (the app's own metric komitebot.routing.failures,
// src/telemetry.ts METRICS) and HTTP 5xx answers (the site's Http5xx metric),
// mailed to alertEmail.
resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: names.alerts
  location: 'global'
  properties: {
    groupShortName: 'komitebot'
    enabled: true
    emailReceivers: [
      { name: 'operations', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

resource routingFailuresAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = if (!empty(alertEmail)) {
  name: '${names.alerts}-routing-failures'
  location: location
  properties: {
    displayName: 'Komitébot: decision records not delivered to the HF'
    description: 'A decision record could not be delivered to the applying HF in Teams (metric komitebot.routing.failures); the coordinator was given the PDF to send another way.'
    severity: 2
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "komitebot.routing.failures" | summarize failures = sum(valueSum)'
          metricMeasureColumn: 'failures'
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [alertGroup.id] }
  }
}

resource http5xxAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (!empty(alertEmail)) {
  name: '${names.alerts}-http-5xx'
  location: 'global'
  properties: {
    description: 'The app answered with HTTP 5xx (Teams retries activities; repeated failures mean the app or its store is down).'
    severity: 1
    enabled: true
    scopes: [webApp.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        { name: 'http5xx', criterionType: 'StaticThresholdCriterion', metricName: 'Http5xx', metricNamespace: 'Microsoft.Web/sites', operator: 'GreaterThan', threshold: 0, timeAggregation: 'Total' }
      ]
    }
    actions: [
      { actionGroupId: alertGroup.id }
    ]
  }
}

// ---------------------------------------------------------------------------
// Outputs: arm/deploy writes each into env/.env.<env> under the same name.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
