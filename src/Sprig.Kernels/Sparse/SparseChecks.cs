namespace Sprig.Kernels.Sparse;

/// <summary>Argument checks shared by the sparse kernels.</summary>
internal static class SparseChecks
{
    /// <summary>Checks the lengths of a sparse kernel's values and its two dense operands.</summary>
    public static void Operands(SparseRowPattern pattern, int values, int b, int c, int batch, int bRows, int cRows)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (values != pattern.Count)
        {
            throw new ArgumentException($"The pattern has {pattern.Count} entries but {values} values were given.", nameof(values));
        }

        if (b < (long)bRows * batch)
        {
            throw new ArgumentException($"B has {b} elements; {bRows}×{batch} are needed.", nameof(b));
        }

        if (c < (long)cRows * batch)
        {
            throw new ArgumentException($"C has {c} elements; {cRows}×{batch} are needed.", nameof(c));
        }
    }
}
