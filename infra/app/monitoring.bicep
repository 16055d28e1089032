@description('Log Analytics workspace and Application Insights for the function app.')
param namePrefix string
param location string
param tags object
@description('Principal allowed to publish telemetry with Entra ID (the app identity).')
param publisherPrincipalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry only with Entra ID: the instrumentation key alone cannot write.
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, publisherPrincipalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    // Monitoring Metrics Publisher: send telemetry with Entra ID authentication.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
  }
}

output connectionString string = insights.properties.ConnectionString
