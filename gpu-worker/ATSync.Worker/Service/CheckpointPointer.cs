namespace ATSync.Worker.Service;

/// <summary>
/// <c>{model}/.partial/current.json</c>: which saved set a retry resumes from (<see cref="Set"/>, e.g. <c>e000012/</c>,
/// holding that epoch's resumable state) and which set holds the best checkpoint so far (<see cref="BestSet"/>; it is
/// uploaded only when it changed). Written after both sets are complete, so a worker killed mid-upload leaves the
/// previous pointer naming whole, matching files.
/// </summary>
public sealed record CheckpointPointer(string Set, string? BestSet, int Epoch);
