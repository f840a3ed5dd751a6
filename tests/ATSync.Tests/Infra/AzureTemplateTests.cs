using System.Text.Json.Nodes;

namespace ATSync.Tests.Infra;

/// <summary>
/// infra/main.bicep compiles cleanly with the real Bicep CLI (linter included), and the compiled ARM template holds
/// the resources, identities and least-privilege role assignments docs/deploy.md promises. No Azure here: nothing
/// is deployed, expressions are read as text.
/// </summary>
public class AzureTemplateTests(CompiledTemplateFixture fixture) : IClassFixture<CompiledTemplateFixture>
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string BlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";

    private CompiledTemplate Template => fixture.Template;

    [Fact]
    public void MainBicepBuildsWithoutErrorsOrWarnings()
    {
        Assert.True(fixture.Build.ExitCode == 0, fixture.Build.StdErr);
        // The linter (infra/bicepconfig.json) and the type checker both print here; anything printed fails.
        Assert.True(string.IsNullOrWhiteSpace(fixture.Build.StdErr), fixture.Build.StdErr);
        Assert.Contains("subscriptionDeploymentTemplate", (string)Template.Root["$schema"]!);
    }

    [Fact]
    public void DataAccountHasThePipelineContainersAndNoSharedKeys()
    {
        var data = Template.ModuleParameters("data-storage");
        Assert.Equal(["videos", "datasets", "models", "results", "rejected", "worker-jobs"], Strings(data["containerNames"]!["value"]));
        Assert.Equal(["app-package"], Strings(Template.ModuleParameters("host-storage")["containerNames"]!["value"]));

        foreach (var account in Template.OfType("Microsoft.Storage/storageAccounts"))
        {
            Assert.False((bool)account["properties.allowSharedKeyAccess"]!);
            Assert.False((bool)account["properties.allowBlobPublicAccess"]!);
            Assert.Equal("TLS1_2", (string?)account["properties.minimumTlsVersion"]);
        }
        // One storage module, used for both accounts: its containers come from the containerNames passed above.
        var containers = Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Equal(["data-storage", "host-storage"], containers.Select(c => c.Module).Order());
        Assert.All(containers, c => Assert.Contains("parameters('containerNames')", c.Node["copy"]!["count"]!.ToString()));
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties.publicAccess"]));
    }

    [Fact]
    public void EventGridSendsBlobCreatedInVideosToTheBlobExtensionWebhook()
    {
        var topic = Template.Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties.topicType"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string)topic["properties.source"]!);
        Assert.Equal("<data-storage>", Source(Template.ModuleParameters("blob-events")["storageAccountName"]!));

        var subscription = Template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(subscription["properties.filter.includedEventTypes"]));
        Assert.Equal("/blobServices/default/containers/videos/blobs/", (string?)subscription["properties.filter.subjectBeginsWith"]);
        Assert.Equal("WebHook", (string?)subscription["properties.destination.endpointType"]);
        var endpoint = (string)subscription["properties.destination.properties.endpointUrl"]!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.", endpoint);
        Assert.Contains("systemKeys.blobs_extension", endpoint);
        // Off on the first provision (the webhook must answer Event Grid's handshake), switched on by the postdeploy hook.
        Assert.Contains("parameters('createSubscription')", (string)subscription.Node["condition"]!);
        Assert.Contains("enableBlobEventSubscription", Template.ModuleParameters("blob-events")["createSubscription"]!["value"]!.ToString());
    }

    [Fact]
    public void FunctionAppRunsOnFlexConsumptionWithAnIdentityAndNoKeys()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", (string?)plan["sku.tier"]);
        Assert.Equal("FC1", (string?)plan["sku.name"]);

        var app = Template.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        Assert.Equal("UserAssigned", (string?)app["identity.type"]);
        Assert.Equal("dotnet-isolated", (string?)app["properties.functionAppConfig.runtime.name"]);
        Assert.Equal("10.0", (string?)app["properties.functionAppConfig.runtime.version"]);
        Assert.Equal("UserAssignedIdentity", (string?)app["properties.functionAppConfig.deployment.storage.authentication.type"]);
        Assert.Equal("[parameters('identityId')]", (string?)app["properties.keyVaultReferenceIdentity"]);
        Assert.True((bool)app["properties.httpsOnly"]!);
        Assert.Contains("'functions'", app.Node["tags"]!.ToString()); // azd-service-name

        var settings = AppSettings(app);
        foreach (var connection in new[] { "AzureWebJobsStorage", "AtsyncStorage" })
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Equal("[parameters('identityClientId')]", settings[$"{connection}__clientId"]);
            Assert.Contains($"{connection}__blobServiceUri", settings.Keys);
            Assert.Contains($"{connection}__queueServiceUri", settings.Keys);
            Assert.DoesNotContain(connection, settings.Keys); // no connection string form at all
        }
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", settings.Keys);
        Assert.Equal("[parameters('dataBlobEndpoint')]", settings["AtsyncStorage__blobServiceUri"]);
        Assert.Equal("[parameters('hostBlobEndpoint')]", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('workerApiKeySecretUri'))]", settings["GpuWorker__ApiKey"]);
        Assert.Equal("[parameters('workerBaseUrl')]", settings["GpuWorker__BaseUrl"]);
        Assert.Contains("azurewebsites.net", settings["Pipeline__CallbackBaseUrl"]);
        Assert.DoesNotContain("code=", settings["Pipeline__CallbackBaseUrl"]); // the route is anonymous; callbacks are signed
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('callbackSecretUri'))]", settings["Pipeline__CallbackSecret"]);
        Assert.Contains("callbackSecretUri", Template.ModuleParameters("functions")["callbackSecretUri"]!["value"]!.ToString());
        Assert.Contains("Pipeline__Segments", settings.Keys);
        Assert.Equal("tools/ffmpeg", settings["ATSYNC_FFMPEG_DIR"]);
        Assert.Equal("tools/facedata", settings["ATSYNC_FACE_DATA_DIR"]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        // Flex Consumption rejects these (the runtime is in functionAppConfig).
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.Contains("'worker'", Template.ModuleParameters("functions")["workerBaseUrl"]!["value"]!.ToString());

        // Nowhere in the whole template: storage keys or connection strings built from them.
        var json = Template.Root.ToJsonString();
        Assert.DoesNotContain("AccountKey", json);
        Assert.DoesNotContain("DefaultEndpointsProtocol", json);
        Assert.DoesNotMatch(@"listKeys\([^)]*Microsoft\.Storage", json);
    }

    [Fact]
    public void WorkerRunsOnAServerlessGpuProfileScalesToZeroAndFallsBackToCpu()
    {
        var main = Template.Root["parameters"]!;
        Assert.Equal(["Consumption-GPU-NC8as-T4", "Consumption-GPU-NC24-A100"], Strings(main["gpuProfileType"]!["allowedValues"]));
        Assert.Equal(["gpu", "cpu"], Strings(main["workerCompute"]!["allowedValues"]));
        Assert.Equal("gpu", (string?)main["workerCompute"]!["defaultValue"]);

        var environment = Template.Single("Microsoft.App/managedEnvironments");
        var profiles = environment["properties.workloadProfiles"]!.ToString();
        Assert.Contains("'Consumption'", profiles);
        Assert.Contains("parameters('gpuProfileType')", profiles);
        Assert.Contains("variables('useGpu')", profiles); // the GPU profile (and its quota) only in gpu mode
        var variables = environment.Template["variables"]!;
        Assert.Equal("[equals(parameters('compute'), 'gpu')]", (string?)variables["useGpu"]);
        Assert.Equal("gpu", (string?)variables["gpuProfileName"]);
        Assert.Equal("Consumption", (string?)variables["cpuProfileName"]);

        var app = Template.Single("Microsoft.App/containerApps");
        Assert.Equal("[if(variables('useGpu'), variables('gpuProfileName'), variables('cpuProfileName'))]", (string?)app["properties.workloadProfileName"]);
        Assert.Equal(0, (int)app["properties.template.scale.minReplicas"]!);
        Assert.Equal("[parameters('maxReplicas')]", (string?)app["properties.template.scale.maxReplicas"]);
        Assert.Equal("UserAssigned", (string?)app["identity.type"]);
        Assert.Contains("'worker'", app.Node["tags"]!.ToString()); // azd-service-name
        Assert.Equal(8080, (int)app["properties.configuration.ingress.targetPort"]!);

        var secrets = app["properties.configuration.secrets"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!);
        Assert.Equal(["callback-secret", "worker-api-key"], secrets.Keys.Order());
        Assert.Equal("[parameters('apiKeySecretUri')]", (string?)secrets["worker-api-key"]["keyVaultUrl"]);
        Assert.Equal("[parameters('callbackSecretUri')]", (string?)secrets["callback-secret"]["keyVaultUrl"]);
        Assert.All(secrets.Values, s => Assert.Equal("[parameters('identityId')]", (string?)s["identity"]));
        var registry = Assert.Single(app["properties.configuration.registries"]!.AsArray())!;
        Assert.Equal("[parameters('identityId')]", (string?)registry["identity"]);

        var container = Assert.Single(app["properties.template.containers"]!.AsArray())!;
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("worker-api-key", (string?)env["ATSYNC_WORKER_API_KEY"]["secretRef"]);
        Assert.Null(env["ATSYNC_WORKER_API_KEY"]["value"]);
        // The same callback secret as the Functions app, from Key Vault (the worker signs, the app checks).
        Assert.Equal("callback-secret", (string?)env["Worker__CallbackSecret"]["secretRef"]);
        Assert.Contains("callbackSecretUri", Template.ModuleParameters("worker")["callbackSecretUri"]!["value"]!.ToString());
        Assert.Equal("[parameters('dataBlobEndpoint')]", (string?)env["Worker__Storage__BlobServiceUri"]["value"]);
        Assert.Equal("[parameters('identityClientId')]", (string?)env["AZURE_CLIENT_ID"]["value"]);
        Assert.Equal("[if(variables('useGpu'), 'cuda', 'cpu')]", (string?)env["Worker__Device"]["value"]);
        Assert.Equal("videos,datasets,models,results", (string?)env["Worker__Containers"]["value"]);
        Assert.DoesNotContain("Worker__Storage__ConnectionString", env.Keys);
        // Callbacks only to the Functions app (whose CallbackBaseUrl is https://{name}.azurewebsites.net), no loopback.
        Assert.Equal("[parameters('callbackHosts')]", (string?)env["Worker__CallbackHosts"]["value"]);
        Assert.Equal("false", (string?)env["Worker__AllowLoopbackCallbacks"]["value"]);
        Assert.Equal("[format('{0}.azurewebsites.net', variables('functionsAppName'))]",
            (string?)Template.ModuleParameters("worker")["callbackHosts"]!["value"]);
        Assert.Equal("[format('func-{0}', variables('resourceToken'))]", (string?)Template.Root["variables"]!["functionsAppName"]);
        Assert.Equal("[if(variables('useGpu'), variables('gpuResources'), variables('cpuResources'))]", (string?)container["resources"]);

        // In cpu mode an explicitly given CPU image (worker-cpu.Dockerfile) replaces the deployed one.
        // (Bicep folds the choice into the whole parameter: if(..., createObject('value', ...), ...).)
        var image = Template.ModuleParameters("worker")["imageName"]!.ToString();
        Assert.Contains("parameters('workerCpuImageName')", image);
        Assert.Contains("parameters('workerImageName')", image);

        // The app is created only after its AcrPull and Key Vault roles exist.
        var workerModule = Template.Resources.First(r => (string?)r.Node["name"] == "worker" && r.Type == "Microsoft.Resources/deployments");
        Assert.Contains(workerModule.Node["dependsOn"]!.AsArray(), d => d!.ToString().Contains("'access'"));
    }

    [Fact]
    public void KeyVaultUsesRbacAndHoldsTheWorkerKeyAndCallbackSecretFromSecureParameters()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults");
        Assert.True((bool)vault["properties.enableRbacAuthorization"]!);
        var secrets = Template.OfType("Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(2, secrets.Count);
        foreach (var (name, parameter) in new[] { ("worker-api-key", "workerApiKey"), ("callback-secret", "callbackSecret") })
        {
            var secret = Assert.Single(secrets, s => ((string)s["name"]!).Contains(name));
            Assert.Equal($"[parameters('{parameter}')]", (string?)secret["properties.value"]);
            Assert.Equal("securestring", (string?)secret.Template["parameters"]![parameter]!["type"]);
            Assert.Equal("securestring", (string?)Template.Root["parameters"]![parameter]!["type"]);
            Assert.Null(Template.Root["parameters"]![parameter]!["defaultValue"]);
        }
    }

    [Fact]
    public void ApplicationInsightsIsWorkspaceBasedWithLocalAuthOff()
    {
        var insights = Template.Single("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string)insights["properties.WorkspaceResourceId"]!);
        Assert.True((bool)insights["properties.DisableLocalAuth"]!);
        Assert.Single(Template.OfType("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void WorkerRolesReachOnlyItsContainersItsSecretAndTheRegistry()
    {
        var worker = Template.RoleGrants().Where(g => g.Principal == "worker").Select(Describe).Order().ToList();
        string[] expected =
        [
            .. new[] { "videos", "datasets", "models", "results", "worker-jobs" }
                .Select(c => $"{BlobDataContributor} Microsoft.Storage/storageAccounts/blobServices/containers:<data-storage>/default/{c}"),
            $"{KeyVaultSecretsUser} Microsoft.KeyVault/vaults/secrets:<key-vault>/worker-api-key",
            $"{KeyVaultSecretsUser} Microsoft.KeyVault/vaults/secrets:<key-vault>/callback-secret",
            $"{AcrPull} Microsoft.ContainerRegistry/registries:<registry>",
        ];
        Assert.Equal(expected.Order(), worker);
    }

    [Fact]
    public void FunctionsRolesCoverItsHostAccountAndOnlyThePipelineContainers()
    {
        var functions = Template.RoleGrants().Where(g => g.Principal == "functions").Select(Describe).Order().ToList();
        string[] expected =
        [
            $"{BlobDataOwner} Microsoft.Storage/storageAccounts:<host-storage>",
            $"{QueueDataContributor} Microsoft.Storage/storageAccounts:<host-storage>",
            $"{TableDataContributor} Microsoft.Storage/storageAccounts:<host-storage>",
            .. new[] { "videos", "datasets", "models", "results", "rejected" }
                .Select(c => $"{BlobDataContributor} Microsoft.Storage/storageAccounts/blobServices/containers:<data-storage>/default/{c}"),
            $"{QueueDataContributor} Microsoft.Storage/storageAccounts/queueServices/queues:<data-storage>/default/webjobs-blobtrigger-poison",
            $"{KeyVaultSecretsUser} Microsoft.KeyVault/vaults/secrets:<key-vault>/worker-api-key",
            $"{KeyVaultSecretsUser} Microsoft.KeyVault/vaults/secrets:<key-vault>/callback-secret",
            $"{MonitoringMetricsPublisher} Microsoft.Insights/components:<monitoring>",
            // Signs the result download links (user-delegation SAS); reads nothing by itself.
            $"{BlobDelegator} Microsoft.Storage/storageAccounts:<data-storage>",
        ];
        Assert.Equal(expected.Order(), functions);
        Assert.All(Template.RoleGrants().Where(g => g.Principal != "user"), g => Assert.False(g.Conditional));
    }

    [Fact]
    public void TheDeployingUserGetsDataAndKeyAccessOnlyWhenNamed()
    {
        var user = Template.RoleGrants().Where(g => g.Principal == "user").ToList();
        Assert.All(user, g => Assert.True(g.Conditional));
        Assert.Equal(
            new[] { $"{BlobDataContributor} Microsoft.Storage/storageAccounts:<data-storage>", $"{KeyVaultSecretsOfficer} Microsoft.KeyVault/vaults:<key-vault>" }.Order(),
            user.Select(Describe).Order());
    }

    private static string Describe(RoleGrant g) => $"{g.RoleDefinitionId} {g.ScopeType}:{g.ScopePath}";

    private static string Source(JsonNode parameter) =>
        parameter["value"]!.ToString() is var v && v.Contains("'Microsoft.Resources/deployments', '")
            ? $"<{v.Split("'Microsoft.Resources/deployments', '")[1].Split('\'')[0]}>"
            : v;

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => (string)v!)];

    private static Dictionary<string, string> AppSettings(TemplateResource app) =>
        app["properties.siteConfig.appSettings"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!["value"]!.ToString());
}
