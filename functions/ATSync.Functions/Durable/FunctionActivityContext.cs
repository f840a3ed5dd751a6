using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ATSync.Functions.Durable;

/// <summary>Hands a class-based activity the context it would get from the Durable Task worker.</summary>
internal sealed class FunctionActivityContext(string name, FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } =
        function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
}
