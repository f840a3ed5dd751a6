// Key Vault in RBAC mode holding the GPU worker's API key (read by both apps through their identities).
param location string
param tags object
param name string

@secure()
param workerApiKey string

@secure()
param callbackSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource workerApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'worker-api-key'
  properties: {
    value: workerApiKey
    contentType: 'text/plain'
  }
}

resource callbackSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'callback-secret'
  properties: {
    value: callbackSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
// Versionless: both apps follow a rotated key (Functions within a day or on restart; Container Apps within ~30 min).
output workerApiKeySecretUri string = '${vault.properties.vaultUri}secrets/${workerApiKeySecret.name}'
output callbackSecretUri string = '${vault.properties.vaultUri}secrets/${callbackSecretValue.name}'
