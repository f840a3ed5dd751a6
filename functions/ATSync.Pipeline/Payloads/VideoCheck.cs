namespace ATSync.Pipeline.Payloads;

/// <summary>What probing found: usable (with its 25 fps frame count) or rejected with a reason a user can act on.</summary>
public sealed record VideoCheck(bool Usable, string? Reason, int FrameCount, double DurationSeconds);
