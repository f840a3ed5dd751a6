namespace ATSync.Core.Training;

/// <summary>
/// Arithmetic of the training step. Checkpoints, optimizer state and validation are float32 in both cases.
/// </summary>
public enum TrainingPrecision
{
    /// <summary>Everything float32.</summary>
    Fp32,

    /// <summary>
    /// Mixed precision: forward and backward in bfloat16 on a working copy of the float32 master weights, loss and
    /// Adam update in float32 (see <see cref="WorkingCopy"/>).
    /// </summary>
    Bf16,
}
