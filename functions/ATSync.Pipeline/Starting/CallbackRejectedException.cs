namespace ATSync.Pipeline.Starting;

/// <summary>A worker callback whose signature is missing, wrong or too old: both hosts answer 401 with the reason.</summary>
public sealed class CallbackRejectedException(string message) : Exception(message);
