@description('The LinfenFlows function app: Flex Consumption, .NET 10 isolated, running as the user-assigned identity.')
param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerUrl string
param serviceBusNamespace string
param appInsightsConnectionString string
@description('Vault of the secrets that app settings reference (its URI ends with a slash).')
param keyVaultUri string
@description('Whether the vault holds mail-password, so that LinfenFlows__Mail__Password can reference it.')
param mailPasswordInVault bool
@description('Whether the vault holds sms-api-key, so that LinfenFlows__Sms__ApiKey can reference it.')
param smsApiKeyInVault bool
@description('Durable Functions task hub: one per environment, so environments sharing an account never see each other\'s work.')
param taskHub string
@description('Client id of the Entra ID app registration that App Service authentication signs people in with.')
param entraClientId string
@maxValue(1000)
param maximumInstanceCount int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as the app's own identity, which holds Key Vault Secrets User on the vault.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

var baseSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // Explicit endpoints keep the app right in sovereign clouds (Azure China: *.core.chinacloudapi.cn).
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  LINFENFLOWS_TASKHUB: taskHub
  LinfenFlows__PublicBaseUrl: 'https://${app.properties.defaultHostName}/'
}

// The platform puts the secret's value in the setting; the app reads an ordinary setting. Without a version the latest one
// is used (re-read within a day, or at once on any configuration change), so rotating is: set a new version, restart.
var mailSettings = mailPasswordInVault
  ? { LinfenFlows__Mail__Password: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/mail-password/)' }
  : {}
var smsSettings = smsApiKeyInVault
  ? { LinfenFlows__Sms__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/sms-api-key/)' }
  : {}

// Settings reference the app's own host name, so they are a resource of their own.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, mailSettings, smsSettings)
}

// What App Service authentication lets through without a signed-in user. Everything else needs an Entra ID sign-in.
var anonymousPaths = [
  // Public notices, objection forms and public disclosures: for everyone, by law.
  '/api/public/*'
  // Review links and their attachments: they authorise by their own one-time token.
  '/api/reviews/*'
  // Liveness, health and the API document: probes and tools, no data.
  '/api/ping'
  '/api/health'
  '/api/openapi.json'
  // Operators' scripts and the online training platform call these with a function key (x-functions-key), not with an
  // Entra ID token. Authentication runs in front of the Functions host and knows nothing of keys, so left in it they would
  // never reach the host's key check; excluded, the host still refuses any call without a valid key (authLevel function).
  // The operators' pages (the directory, the calendar) stay behind sign-in: they record who made each change.
  '/api/ops/jobs/*'
  '/api/veterinary/online-hours'
]

// App Service authentication with Entra ID: it strips any X-MS-CLIENT-PRINCIPAL a client sends, sets it for signed-in
// users, and sets WEBSITE_AUTH_ENABLED=True for the app (never set here: only the platform may say so).
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      // Civil servants reach staff pages from links in their mail: a signed-out browser is sent to sign in and back (an API
      // call made from a page with X-Requested-With: XMLHttpRequest gets 401). Scripts do not sign in: they call the
      // key-level routes above, which are outside authentication. The app itself answers any request without a principal
      // with 401 problem details (APIs) or a page with the sign-in link (pages).
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: anonymousPaths
    }
    httpSettings: { requireHttps: true }
    // Sessions keep the user's tokens; /.auth/refresh needs them.
    login: { tokenStore: { enabled: true } }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          // Single tenant, v2.0 endpoint, in whichever cloud this deploys to (Azure China: login.chinacloudapi.cn).
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          // No client secret: sign-in uses ID tokens only (the registration issues them), so there is no secret to rotate.
        }
        validation: {
          // Browser sessions carry ID tokens (audience: the client id); callers with a bearer token ask for api://{client id}.
          allowedAudiences: ['api://${entraClientId}', entraClientId]
        }
      }
    }
  }
}

output name string = app.name
output endpoint string = 'https://${app.properties.defaultHostName}'
