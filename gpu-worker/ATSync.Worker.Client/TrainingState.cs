namespace ATSync.Worker.Client;

/// <summary>
/// Where a running train job stands, for a client's progress display: the epoch in progress of how many, the held-out
/// score of the latest validated epoch (null before the first, or without a held-out tail), and when it should end at
/// the current speed.
/// </summary>
public sealed record TrainingState(int Epoch, int Epochs, double? HeldOutPsnr, double? HeldOutSsim, DateTimeOffset EstimatedEnd);
