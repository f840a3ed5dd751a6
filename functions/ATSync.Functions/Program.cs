using ATSync.Pipeline;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The isolated worker: the Durable extension is registered by its package; the pipeline's services by AddAtsyncPipeline.
var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddAtsyncPipeline(builder.Configuration);
builder.Build().Run();
