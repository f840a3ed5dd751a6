// Event Grid feeds the Functions blob trigger (source: EventGrid): BlobCreated in videos/ is pushed to the blob
// extension's webhook instead of the host polling the container.
param location string
param tags object
param topicName string
param storageAccountName string
param functionAppName string
param functionName string

@description('The webhook handshake needs the deployed function; the postdeploy hook provisions again with true.')
param createSubscription bool

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource videoUploads 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (createSubscription) {
  parent: topic
  name: 'videos-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's endpoint, authorised by its system key (exists once the app has run with the extension).
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/videos/blobs/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output topicName string = topic.name
