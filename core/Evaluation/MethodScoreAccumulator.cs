namespace ATSync.Core.Evaluation;

/// <summary>Collects one method's per-frame measurements and turns them into its <see cref="EvaluationReport.MethodScores"/>.</summary>
internal sealed class MethodScoreAccumulator
{
    private readonly List<double> psnr = [], ssim = [], lmd = [], seams = [];
    private readonly List<double> generatedOpenings = [], realOpenings = [];

    public void AddImage(double framePsnr, double frameSsim)
    {
        psnr.Add(framePsnr);
        ssim.Add(frameSsim);
    }

    public void AddLandmarks(double frameLmd, double generatedOpening, double realOpening)
    {
        lmd.Add(frameLmd);
        generatedOpenings.Add(generatedOpening);
        realOpenings.Add(realOpening);
    }

    public void AddSeam(double excess) => seams.Add(excess);

    public EvaluationReport.MethodScores ToScores() => new(
        psnr.Count == 0 ? double.NaN : psnr.Average(),
        ssim.Count == 0 ? double.NaN : ssim.Average(),
        lmd.Count == 0 ? null : lmd.Average(),
        lmd.Count,
        MouthOpeningCorrelation.Correlate(generatedOpenings, realOpenings),
        seams.Count == 0 ? null : seams.Average());
}
