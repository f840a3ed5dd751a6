namespace ATSync.Core.Training;

/// <summary>
/// One finished epoch: mean training loss, and PSNR (dB) / SSIM of the mouth region on the held-out frames
/// (NaN without held-out frames).
/// </summary>
public sealed record EpochSummary(int Epoch, double TrainLoss, double ValidationPsnr, double ValidationSsim);
