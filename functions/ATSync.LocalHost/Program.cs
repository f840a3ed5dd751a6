using ATSync.LocalHost;

// atsync-localhost: see docs/functions.md. Configuration: environment (AzureWebJobsStorage, AtsyncStorage,
// GpuWorker__BaseUrl, GpuWorker__ApiKey, Pipeline__*, LocalHost__*), ASPNETCORE_URLS for the API's address.
var app = await LocalPipelineHost.BuildAsync(args);
await app.RunAsync();
