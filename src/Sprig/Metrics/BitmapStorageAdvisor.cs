namespace Sprig.Metrics;

/// <summary>
/// The MicroNet-challenge convention that RigL reports sizes with: a weight with any zero is stored as a one-bit
/// mask plus its nonzero float32 values; a weight without zeros is stored dense.
/// </summary>
public sealed class BitmapStorageAdvisor : IStorageAdvisor
{
    /// <summary>The shared instance.</summary>
    public static BitmapStorageAdvisor Instance { get; } = new();

    /// <inheritdoc />
    public StorageChoice Choose(int rows, int columns, ReadOnlySpan<float> weights)
    {
        long elements = (long)rows * columns;
        long nonzeros = weights.Length - weights.Count(0f);
        return nonzeros == elements
            ? new StorageChoice("dense", elements * sizeof(float))
            : new StorageChoice("bitmap", ((elements + 7) / 8) + (nonzeros * sizeof(float)));
    }
}
