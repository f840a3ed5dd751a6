namespace ATSync.Tests.Training;

internal static class Statistics
{
    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var meanA = a.Average();
        var meanB = b.Average();
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < a.Count; i++)
        {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varA == 0 || varB == 0 ? 0 : cov / Math.Sqrt(varA * varB);
    }
}
