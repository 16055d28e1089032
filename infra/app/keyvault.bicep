@description('Key Vault for the secrets of partner systems (mail, SMS gateway), which the app reads through Key Vault references.')
param name string
param location string
param tags object
@description('Principal allowed to read secrets (the app identity).')
param readerPrincipalId string
@secure()
@description('SMTP password for notification mail; empty creates no secret.')
param mailPassword string
@secure()
@description('API key of the 政务短信 gateway; empty creates no secret.')
param smsApiKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    // Key Vault Secrets User: read secret values, nothing else.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

// Only what was given: a placeholder secret would look configured and fail at the first mail or SMS.
resource mailPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(mailPassword)) {
  parent: vault
  name: 'mail-password'
  properties: { value: mailPassword, contentType: 'SMTP password of the notification mail account' }
}

resource smsApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smsApiKey)) {
  parent: vault
  name: 'sms-api-key'
  properties: { value: smsApiKey, contentType: 'API key of the city government SMS gateway (政务短信)' }
}

output uri string = vault.properties.vaultUri
