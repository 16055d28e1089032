@description('Storage account: Durable Functions task hub (blobs, queues, tables), case state (tables), case files (blobs).')
param name string
param location string
param tags object
@description('Principal that gets data access (the app identity).')
param principalId string

// Least privilege for an identity-based Functions app with Durable Functions on the Azure Storage provider.
var roles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner: host leases, deployment package, task hub and case blobs
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor: Durable control and work-item queues
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor: Durable history and instances, Cases, ReviewLinks, Deadlines
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'deployment-package'
}

resource attachmentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'attachments'
}

// Every table, container and queue of LinfenFlows.Shared.Storage.StorageNames (BicepTests keeps the lists equal): made here,
// once per deployment, so that no cold start of the app has to create them.
var tables = [
  'Cases'
  'ReviewLinks'
  'Deadlines'
  'DocumentNumbers'
  'Mailbox'
  'Inbox'
  'CaseIndex'
  'Parks'
  'VetYears'
  'VetReminders'
  'VetSessions'
  'People'
  'DirectoryChanges'
  'CalendarYears'
  'ProvisionalDeadlines'
  'Deliveries'
  'FailedSteps'
  'Ratings'
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tables: {
  parent: tableService
  name: t
}]

// No queue of the app's own: notifications go to Service Bus in Azure (the storage queues are the one-machine stand-in), and
// Durable Functions creates its task hub's queues itself.

resource access 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  scope: storage
  name: guid(storage.id, principalId, role)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
