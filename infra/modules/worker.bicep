// The GPU worker (`atsync serve`) on Azure Container Apps: a serverless GPU workload profile, scale to zero, and a
// CPU fallback on the Consumption profile. Secrets come from Key Vault and images from ACR, both via its identity.
param location string
param tags object
param environmentName string
param appName string
param logAnalyticsName string

@allowed([
  'gpu'
  'cpu'
])
param compute string

param gpuProfileType string
param maxReplicas int
param idleSeconds int
param concurrency int

@description('Empty before the first azd deploy: a public placeholder image is used.')
param imageName string

param identityId string
param identityClientId string
param registryLoginServer string
param apiKeySecretUri string

@description('Key Vault secret URI of the callback signing secret.')
param callbackSecretUri string
param dataBlobEndpoint string

@description('Hosts job callbacks may go to (Worker__CallbackHosts): the Functions app.')
param callbackHosts string

var gpuProfileName = 'gpu'
var cpuProfileName = 'Consumption'
var useGpu = compute == 'gpu'

// The largest container each profile offers (serverless GPU replicas get the whole GPU machine slice).
var gpuResources = gpuProfileType == 'Consumption-GPU-NC24-A100'
  ? {
      cpu: json('24.0')
      memory: '220Gi'
    }
  : {
      cpu: json('8.0')
      memory: '56Gi'
    }
var cpuResources = {
  cpu: json('4.0')
  memory: '8Gi'
}

var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
    // The GPU profile only in gpu mode: declaring it needs serverless GPU quota in the region.
    workloadProfiles: concat(
      [
        {
          name: cpuProfileName
          workloadProfileType: 'Consumption'
        }
      ],
      useGpu
        ? [
            {
              name: gpuProfileName
              workloadProfileType: gpuProfileType
            }
          ]
        : []
    )
  }
}

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'worker'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: useGpu ? gpuProfileName : cpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'worker-api-key'
          keyVaultUrl: apiKeySecretUri
          identity: identityId
        }
        {
          name: 'callback-secret'
          keyVaultUrl: callbackSecretUri
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: empty(imageName) ? placeholderImage : imageName
          resources: useGpu ? gpuResources : cpuResources
          env: [
            {
              name: 'ATSYNC_WORKER_API_KEY'
              secretRef: 'worker-api-key'
            }
            {
              // Signs every job callback (header X-ATSync-Signature); the Functions app checks it.
              name: 'Worker__CallbackSecret'
              secretRef: 'callback-secret'
            }
            {
              name: 'Worker__Storage__BlobServiceUri'
              value: dataBlobEndpoint
            }
            {
              // DefaultAzureCredential picks the user-assigned identity by this.
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'Worker__Containers'
              value: 'videos,datasets,models,results'
            }
            {
              name: 'Worker__Concurrency'
              value: string(concurrency)
            }
            {
              name: 'Worker__Device'
              value: useGpu ? 'cuda' : 'cpu'
            }
            {
              name: 'Worker__CacheDirectory'
              value: '/tmp/atsync-cache'
            }
            {
              // Callbacks only to the Functions app; nothing deployed beside the worker listens on loopback.
              name: 'Worker__CallbackHosts'
              value: callbackHosts
            }
            {
              name: 'Worker__AllowLoopbackCallbacks'
              value: 'false'
            }
            {
              name: 'ASPNETCORE_URLS'
              value: 'http://+:8080'
            }
          ]
          probes: empty(imageName)
            ? []
            : [
                {
                  type: 'Startup'
                  httpGet: {
                    path: '/healthz'
                    port: 8080
                  }
                  periodSeconds: 5
                  failureThreshold: 60
                }
                {
                  type: 'Liveness'
                  httpGet: {
                    path: '/healthz'
                    port: 8080
                  }
                  periodSeconds: 30
                }
              ]
        }
      ]
      scale: {
        // Scale to zero: no GPU is billed while nothing calls the worker.
        minReplicas: 0
        maxReplicas: maxReplicas
        // A long cooldown keeps a replica (and the GPU) while a job runs between the orchestrations' status polls.
        cooldownPeriod: idleSeconds
        pollingInterval: 30
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '20'
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
