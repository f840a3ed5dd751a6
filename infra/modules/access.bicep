// Every role assignment, least privilege: data-plane roles only, each at the narrowest scope that works
// (single containers, a single queue, the single secret). Role ids are Azure's built-in role definition ids.
param dataStorageName string
param hostStorageName string
param keyVaultName string
param registryName string
param appInsightsName string
param workerPrincipalId string
param functionsPrincipalId string

@description('The user running azd; empty: no user access.')
param userPrincipalId string

// The worker reads inputs and writes outputs only in these, plus its job records (Worker__Containers + worker-jobs).
var workerContainerNames = [
  'videos'
  'datasets'
  'models'
  'results'
  'worker-jobs'
]

// The Functions app reads uploads, writes datasets, reads models/results, and moves invalid uploads to rejected.
var functionsDataContainerNames = [
  'videos'
  'datasets'
  'models'
  'results'
  'rejected'
]

var blobTriggerPoisonQueueName = 'webjobs-blobtrigger-poison'

resource dataStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataStorageName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource poisonQueue 'queues' existing = {
      name: blobTriggerPoisonQueueName
    }
  }
}

resource workerContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for containerName in workerContainerNames: {
    parent: dataStorage::blobService
    name: containerName
  }
]

resource functionsDataContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for containerName in functionsDataContainerNames: {
    parent: dataStorage::blobService
    name: containerName
  }
]

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName

  resource workerApiKey 'secrets' existing = {
    name: 'worker-api-key'
  }

  resource callbackSecret 'secrets' existing = {
    name: 'callback-secret'
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// ---- GPU worker ----

// Storage Blob Data Contributor, once per container: nothing else in the account is reachable.
resource workerBlobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in workerContainerNames: {
    name: guid(workerContainers[i].id, workerPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    scope: workerContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
      principalId: workerPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Key Vault Secrets User on the two secrets it needs (its API key, the callback signing secret).
resource workerCallbackSecret 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::callbackSecret.id, workerPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault::callbackSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workerKeyVaultSecret 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::workerApiKey.id, workerPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault::workerApiKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// AcrPull on the registry holding its image.
resource workerAcrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, workerPrincipalId, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: workerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- Functions app ----

// Its own host account (AzureWebJobsStorage with identity): blobs (Owner, as the Functions host requires), queues and
// tables (Durable Functions' task hub); also the Flex Consumption deployment package container.
resource functionsHostBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, functionsPrincipalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsHostQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, functionsPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsHostTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, functionsPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The data account (AtsyncStorage): Storage Blob Data Contributor per pipeline container, not worker-jobs.
resource functionsDataBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in functionsDataContainerNames: {
    name: guid(functionsDataContainers[i].id, functionsPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    scope: functionsDataContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
      principalId: functionsPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Storage Blob Delegator on the data account: lets the app ask for a user-delegation key to sign result download
// links (GET /api/lipsync/{id}). A link can read no more than the container roles above allow the app itself.
resource functionsDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage.id, functionsPrincipalId, 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
  scope: dataStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor on the blob trigger's poison queue only.
resource functionsPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage::queueService::poisonQueue.id, functionsPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: dataStorage::queueService::poisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsCallbackSecret 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::callbackSecret.id, functionsPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault::callbackSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionsKeyVaultSecret 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::workerApiKey.id, functionsPrincipalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault::workerApiKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher: telemetry with an Entra token (Application Insights has local auth off).
resource functionsTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionsPrincipalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- The user running azd (optional) ----

// Upload videos and fetch results with `az storage blob ... --auth-mode login` (shared keys are off).
resource userDataBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(dataStorage.id, userPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: dataStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: userPrincipalId
    principalType: 'User'
  }
}

// Key Vault Secrets Officer: read or rotate the worker key (azd's secretOrRandomPassword reads it back too).
resource userKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(vault.id, userPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: userPrincipalId
    principalType: 'User'
  }
}
