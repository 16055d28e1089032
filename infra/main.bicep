// LinfenFlows on Azure: `azd up` provisions this and deploys functions/App.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment (dev, test, prod); part of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region, e.g. chinanorth3 on Azure China (see the README), eastasia elsewhere.')
param location string

// No default on purpose: without a registration nobody could sign in, so a deployment without one must stop here.
@minLength(36)
@maxLength(36)
@description('Client id of the Entra app registration: made by azd\'s preprovision hook, or: azd env set LINFENFLOWS_ENTRA_CLIENT_ID <id>')
param entraClientId string

@secure()
@description('SMTP password of the notification mail account; stored as Key Vault secret mail-password. Empty: no secret, no setting.')
param mailPassword string = ''

@secure()
@description('API key of the city government SMS gateway (政务短信), stored as Key Vault secret sms-api-key. Empty: no secret, no setting.')
param smsApiKey string = ''

@description('Upper bound of Flex Consumption instances.')
@maxValue(1000)
param maximumInstanceCount int = 40

var token = toLower(uniqueString(subscription().id, environmentName, location))

// Durable task hub names are letters and digits only, start with a letter, 3-45 characters. Bicep has no regex, so keep
// each character of the environment name that is an ASCII letter or digit ('-', '_', '.', '(', ')' and anything else go);
// the prefix makes the name start with a letter and be long enough whatever is left.
var environmentLower = toLower(environmentName)
var letterOrDigit = 'abcdefghijklmnopqrstuvwxyz0123456789'
var environmentAlphanumeric = join(filter(map(range(0, length(environmentLower)), i => substring(environmentLower, i, 1)),
  c => contains(letterOrDigit, c)), '')
var taskHub = take('linfenflows${environmentAlphanumeric}', 45)
var tags = { 'azd-env-name': environmentName, application: 'linfenflows' }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-linfenflows-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: group
  params: { name: 'id-linfenflows-${token}', location: location, tags: tags }
}

module storage 'app/storage.bicep' = {
  scope: group
  params: { name: 'stlinfen${token}', location: location, tags: tags, principalId: identity.outputs.principalId }
}

module serviceBus 'app/servicebus.bicep' = {
  scope: group
  params: { name: 'sb-linfenflows-${token}', location: location, tags: tags, senderPrincipalId: identity.outputs.principalId }
}

module monitoring 'app/monitoring.bicep' = {
  scope: group
  params: { namePrefix: 'linfenflows-${token}', location: location, tags: tags, publisherPrincipalId: identity.outputs.principalId }
}

module keyVault 'app/keyvault.bicep' = {
  scope: group
  params: {
    name: 'kv-linfen-${take(token, 12)}'
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    mailPassword: mailPassword
    smsApiKey: smsApiKey
  }
}

module functionApp 'app/functionapp.bicep' = {
  scope: group
  params: {
    name: 'func-linfenflows-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    appInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    // Which Key Vault-referenced settings the app gets: only those whose secret exists (an unresolved reference would
    // reach the app as the literal text @Microsoft.KeyVault(...)).
    mailPasswordInVault: !empty(mailPassword)
    smsApiKeyInVault: !empty(smsApiKey)
    taskHub: taskHub
    entraClientId: entraClientId
    maximumInstanceCount: maximumInstanceCount
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_ENDPOINT string = functionApp.outputs.endpoint
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
// Operators' Durable Functions tools (monitor, purge) need the task hub's name.
output LINFENFLOWS_TASKHUB string = taskHub
