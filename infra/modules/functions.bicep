// The Durable Functions app on Flex Consumption (.NET isolated 10): a user-assigned identity for every connection
// (no account keys), the worker's API key as a Key Vault reference, and the engine's ffmpeg and face data shipped in
// the package (infra/hooks/stage-functions-runtime.sh; Flex Consumption has no apt).
param location string
param tags object
param planName string
param appName string
param identityId string
param identityClientId string
param hostBlobEndpoint string
param hostQueueEndpoint string
param hostTableEndpoint string
param deploymentContainerName string
param dataBlobEndpoint string
param dataQueueEndpoint string
param appInsightsConnectionString string
param workerBaseUrl string
param workerApiKeySecretUri string

@description('Key Vault secret URI of the callback signing secret.')
param callbackSecretUri string
param pipelineSegments int
param maximumInstanceCount int
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Host storage (leases, Durable task hub "atsync") through the identity.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: hostBlobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: hostQueueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: hostTableEndpoint
        }
        // The data account (blob trigger on videos/, datasets, models, results, rejected).
        {
          name: 'AtsyncStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AtsyncStorage__clientId'
          value: identityClientId
        }
        {
          name: 'AtsyncStorage__blobServiceUri'
          value: dataBlobEndpoint
        }
        {
          name: 'AtsyncStorage__queueServiceUri'
          value: dataQueueEndpoint
        }
        {
          // For any client the app builds itself with DefaultAzureCredential.
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'GpuWorker__BaseUrl'
          value: workerBaseUrl
        }
        {
          name: 'GpuWorker__ApiKey'
          value: '@Microsoft.KeyVault(SecretUri=${workerApiKeySecretUri})'
        }
        {
          // Built from the name rather than the site's own hostname property, which would make the app depend on itself.
          // No key in it: the callback route is anonymous and checks the worker's signature instead.
          name: 'Pipeline__CallbackBaseUrl'
          value: 'https://${appName}.azurewebsites.net'
        }
        {
          name: 'Pipeline__CallbackSecret'
          value: '@Microsoft.KeyVault(SecretUri=${callbackSecretUri})'
        }
        {
          name: 'Pipeline__Segments'
          value: string(pipelineSegments)
        }
        // Static ffmpeg/ffprobe and the face data inside the package; relative paths are resolved against the app's
        // folder by the engine (core/Media/FfmpegProcess.cs, core/Faces/FaceDataPaths.cs).
        {
          name: 'ATSYNC_FFMPEG_DIR'
          value: 'tools/ffmpeg'
        }
        {
          name: 'ATSYNC_FACE_DATA_DIR'
          value: 'tools/facedata'
        }
      ]
    }
  }
}

// Deployments use Entra tokens (azd, OneDeploy), never the basic publishing credentials.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
