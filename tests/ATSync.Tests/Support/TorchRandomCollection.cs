namespace ATSync.Tests.Support;

/// <summary>
/// LibTorch has one process-wide random generator: building a network or calling rand() draws from it. Tests that
/// seed it and expect the same weights (resume = uninterrupted, learning, bf16 vs float32 from the same start) or that
/// draw from it run one at a time in this collection, so a parallel test cannot advance the generator between a
/// seed and the weights it should produce.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch-random";
}
