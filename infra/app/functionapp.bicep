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
@description('Entra ID app registration (client id) for App Service authentication; empty leaves authentication off.')
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

// App Service authentication with Entra ID puts X-MS-CLIENT-PRINCIPAL on requests. Anonymous requests still reach the
// app: review links authorise by their token, and every other function refuses a request without a principal.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(entraClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
      }
    }
  }
}

output name string = app.name
output endpoint string = 'https://${app.properties.defaultHostName}'
