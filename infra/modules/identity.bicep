// One user-assigned managed identity. User-assigned (not system-assigned) so its role assignments can exist before
// the app that uses it: the Container App pulls its image and reads its Key Vault secret while it is being created.
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
