namespace ATSync.Core.Mouth;

/// <summary>
/// Solves A X = B for a symmetric positive definite A in double precision: deterministic, so the same inputs give the
/// same mouth model on every CPU (a gradient-trained model on a few hundred frames did not: it collapsed to a constant
/// mouth on an AVX2 machine).
/// </summary>
public static class CholeskySolver
{
    /// <param name="a">[d, d] row-major; overwritten by its Cholesky factor.</param>
    /// <param name="b">[d, k] row-major right-hand sides; overwritten by the solution.</param>
    public static void SolveInPlace(double[] a, int d, double[] b, int k)
    {
        Factor(a, d);
        var column = new double[d];
        for (var j = 0; j < k; j++)
        {
            for (var i = 0; i < d; i++) column[i] = b[i * k + j];
            Substitute(a, d, column);
            for (var i = 0; i < d; i++) b[i * k + j] = column[i];
        }
    }

    /// <summary>Lower-triangular L with L Lᵀ = A, written over A's lower triangle.</summary>
    private static void Factor(double[] a, int d)
    {
        for (var j = 0; j < d; j++)
        {
            var sum = a[j * d + j];
            for (var p = 0; p < j; p++) sum -= a[j * d + p] * a[j * d + p];
            if (!(sum > 0)) throw new InvalidOperationException("the system is not positive definite");
            var diagonal = Math.Sqrt(sum);
            a[j * d + j] = diagonal;
            for (var i = j + 1; i < d; i++)
            {
                var value = a[i * d + j];
                for (var p = 0; p < j; p++) value -= a[i * d + p] * a[j * d + p];
                a[i * d + j] = value / diagonal;
            }
        }
    }

    /// <summary>Solves L Lᵀ x = b in place.</summary>
    private static void Substitute(double[] l, int d, double[] b)
    {
        for (var i = 0; i < d; i++)
        {
            var value = b[i];
            for (var p = 0; p < i; p++) value -= l[i * d + p] * b[p];
            b[i] = value / l[i * d + i];
        }
        for (var i = d - 1; i >= 0; i--)
        {
            var value = b[i];
            for (var p = i + 1; p < d; p++) value -= l[p * d + i] * b[p];
            b[i] = value / l[i * d + i];
        }
    }
}
