@description('Service Bus namespace carrying notifications (topic notifications) to the mail, SMS and archive consumers.')
param name string
param location string
param tags object
@description('The app identity: sends to the topic, and receives from the mail and SMS subscriptions it delivers.')
param senderPrincipalId string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: 'notifications'
  properties: {
    // The outbox resends with the same message id after a crash; the broker drops the duplicate.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
    defaultMessageTimeToLive: 'P14D'
  }
}

// One subscription per consumer: the mail gateway, the SMS gateway (urgent items only), and the archive of everything sent.
resource mail 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: topic
  name: 'mail'
  properties: { maxDeliveryCount: 10, deadLetteringOnMessageExpiration: true }
}

resource sms 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: topic
  name: 'sms'
  properties: { maxDeliveryCount: 10, deadLetteringOnMessageExpiration: true }
}

// Named $Default so it replaces the subscription's catch-all rule (another name would sit beside it and let everything in).
resource smsUrgentOnly 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = {
  parent: sms
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: 'sys.Label LIKE \'【督办】%\' OR sys.Label LIKE \'【逾期】%\'' }
  }
}

resource archive 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: topic
  name: 'archive'
  properties: { maxDeliveryCount: 10 }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: topic
  name: guid(topic.id, senderPrincipalId, '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    // Azure Service Bus Data Sender, on the topic only.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
  }
}

// The app delivers mail and SMS itself (a timer drains both subscriptions): Azure Service Bus Data Receiver on those two only.
var receiverRole = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'

resource mailReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: mail
  name: guid(mail.id, senderPrincipalId, receiverRole)
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', receiverRole)
  }
}

resource smsReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: sms
  name: guid(sms.id, senderPrincipalId, receiverRole)
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', receiverRole)
  }
}

// serviceBusEndpoint is https://{name}.servicebus.windows.net:443/ (or the sovereign cloud's suffix): keep the host.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
