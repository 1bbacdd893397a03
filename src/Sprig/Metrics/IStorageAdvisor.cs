namespace Sprig.Metrics;

/// <summary>
/// Chooses how a weight matrix is stored, so that reports can show bytes per layer. This is the seam for a format
/// advisor that knows more formats (CSR, blocked, N:M); <see cref="BitmapStorageAdvisor"/> is the default.
/// </summary>
public interface IStorageAdvisor
{
    /// <summary>The format and size for a [<paramref name="rows"/>, <paramref name="columns"/>] float32 weight with <paramref name="nonzeros"/> nonzeros.</summary>
    public StorageChoice Choose(int rows, int columns, long nonzeros);
}
