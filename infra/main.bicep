// ATSync on Azure: the whole service in one resource group (azd up). Parameters are described in docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name: names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. Serverless GPUs exist only in some regions (docs/deploy.md).')
param location string

@description('gpu: the worker runs on a serverless GPU workload profile; cpu: on the Consumption (CPU) profile, no GPU quota needed.')
@allowed([
  'gpu'
  'cpu'
])
param workerCompute string = 'gpu'

@description('Serverless GPU workload profile type for the worker (needs GPU quota in the region, docs/deploy.md).')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Most worker replicas; the worker scales to zero when idle.')
@minValue(1)
@maxValue(20)
param workerMaxReplicas int = 1

@description('Jobs one worker replica runs at once (Worker__Concurrency).')
@minValue(1)
@maxValue(8)
param workerConcurrency int = 1

@description('Seconds without HTTP traffic before the worker scales to zero; the orchestrations poll running jobs more often than this.')
@minValue(300)
@maxValue(7200)
param workerIdleSeconds int = 1800

@description('Worker image; azd sets it on deploy (empty: a public placeholder until the first azd deploy).')
param workerImageName string = ''

@description('In cpu mode, an image built from infra/docker/worker-cpu.Dockerfile; empty: the image azd deployed (the CUDA image also runs on CPU).')
param workerCpuImageName string = ''

@description('Most Function App instances (Flex Consumption allows 40-1000).')
@minValue(40)
@maxValue(1000)
param functionsMaximumInstanceCount int = 40

@description('Memory per Function App instance in MB (Flex Consumption sizes).')
@allowed([
  2048
  4096
])
param functionsInstanceMemoryMB int = 4096

@description('Segments the preprocessing fans out to (Pipeline__Segments).')
@minValue(1)
@maxValue(32)
param pipelineSegments int = 4

@description('Name of the blob-triggered function on videos/ (its Event Grid webhook endpoint).')
param blobTriggerFunctionName string = 'OnVideoUploaded'

@description('Create the Event Grid subscription; its webhook handshake needs the deployed function, so the postdeploy hook turns it on.')
param enableBlobEventSubscription bool = false

@secure()
@description('The GPU worker API key stored in Key Vault; azd generates it once and keeps it (main.parameters.json).')
param workerApiKey string

@secure()
@description('The secret the worker signs job callbacks with and the Functions app checks them by, stored in Key Vault; azd generates it once (main.parameters.json).')
param callbackSecret string

@description('Object id of the user running azd (azd sets it): may upload to the data containers and read the worker key. Empty: none.')
param principalId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var functionsAppName = 'func-${resourceToken}'
var tags = {
  'azd-env-name': environmentName
  app: 'atsync'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
  }
}

module workerIdentity 'modules/identity.bicep' = {
  name: 'worker-identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'id-worker-${resourceToken}'
  }
}

module functionsIdentity 'modules/identity.bicep' = {
  name: 'functions-identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'id-func-${resourceToken}'
  }
}

// The data account: what users upload, datasets, models, results, and the worker's job records.
module dataStorage 'modules/storage-account.bicep' = {
  name: 'data-storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    containerNames: [
      'videos'
      'datasets'
      'models'
      'results'
      'rejected'
      'worker-jobs'
    ]
    // The blob trigger parks poison messages here (Functions blob extension).
    queueNames: [
      'webjobs-blobtrigger-poison'
    ]
  }
}

// The Functions host's own account (AzureWebJobsStorage: leases, Durable task hub, deployment package), kept apart so
// the host's broad rights there do not reach the data.
module hostStorage 'modules/storage-account.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'stfn${resourceToken}'
    containerNames: [
      'app-package'
    ]
    queueNames: []
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-${resourceToken}'
    workerApiKey: workerApiKey
    callbackSecret: callbackSecret
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'cr${resourceToken}'
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  scope: rg
  params: {
    dataStorageName: dataStorage.outputs.name
    hostStorageName: hostStorage.outputs.name
    keyVaultName: keyVault.outputs.name
    registryName: registry.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    workerPrincipalId: workerIdentity.outputs.principalId
    functionsPrincipalId: functionsIdentity.outputs.principalId
    userPrincipalId: principalId
  }
}

module worker 'modules/worker.bicep' = {
  name: 'worker'
  scope: rg
  params: {
    location: location
    tags: tags
    environmentName: 'cae-${resourceToken}'
    appName: 'ca-worker-${resourceToken}'
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    compute: workerCompute
    gpuProfileType: gpuProfileType
    maxReplicas: workerMaxReplicas
    idleSeconds: workerIdleSeconds
    concurrency: workerConcurrency
    imageName: workerCompute == 'cpu' && !empty(workerCpuImageName) ? workerCpuImageName : workerImageName
    identityId: workerIdentity.outputs.id
    identityClientId: workerIdentity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    apiKeySecretUri: keyVault.outputs.workerApiKeySecretUri
    callbackSecretUri: keyVault.outputs.callbackSecretUri
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    // The Functions app's host, as its Pipeline__CallbackBaseUrl names it (by name: its module depends on this one).
    callbackHosts: '${functionsAppName}.azurewebsites.net'
  }
  // The app pulls its image and reads its key through its identity at creation: the roles must exist first.
  dependsOn: [
    access
  ]
}

module functions 'modules/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    location: location
    tags: tags
    planName: 'plan-${resourceToken}'
    appName: functionsAppName
    identityId: functionsIdentity.outputs.id
    identityClientId: functionsIdentity.outputs.clientId
    hostBlobEndpoint: hostStorage.outputs.blobEndpoint
    hostQueueEndpoint: hostStorage.outputs.queueEndpoint
    hostTableEndpoint: hostStorage.outputs.tableEndpoint
    deploymentContainerName: 'app-package'
    dataBlobEndpoint: dataStorage.outputs.blobEndpoint
    dataQueueEndpoint: dataStorage.outputs.queueEndpoint
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    workerBaseUrl: worker.outputs.url
    workerApiKeySecretUri: keyVault.outputs.workerApiKeySecretUri
    callbackSecretUri: keyVault.outputs.callbackSecretUri
    pipelineSegments: pipelineSegments
    maximumInstanceCount: functionsMaximumInstanceCount
    instanceMemoryMB: functionsInstanceMemoryMB
  }
  dependsOn: [
    access
  ]
}

module blobEvents 'modules/blob-events.bicep' = {
  name: 'blob-events'
  scope: rg
  params: {
    location: location
    tags: tags
    topicName: 'evgt-${resourceToken}'
    storageAccountName: dataStorage.outputs.name
    functionAppName: functions.outputs.name
    functionName: blobTriggerFunctionName
    createSubscription: enableBlobEventSubscription
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT string = dataStorage.outputs.name
output ATSYNC_FUNCTIONS_URL string = functions.outputs.url
output ATSYNC_WORKER_URL string = worker.outputs.url
output ATSYNC_FUNCTION_APP_NAME string = functions.outputs.name
output ATSYNC_BLOB_EVENTS_ENABLED bool = enableBlobEventSubscription
