namespace Sprig.Metrics;

/// <summary>
/// Chooses how a weight matrix is stored, so that reports can show bytes per layer. <see cref="BitmapStorageAdvisor"/>
/// (RigL's convention) is the default; <see cref="FormatAdvisorStorage"/> asks <c>Sprig.Formats.FormatAdvisor</c>
/// for the smallest of all formats.
/// </summary>
public interface IStorageAdvisor
{
    /// <summary>The format and size of a [<paramref name="rows"/>, <paramref name="columns"/>] float32 weight whose zeros are <paramref name="weights"/>' zeros.</summary>
    public StorageChoice Choose(int rows, int columns, ReadOnlySpan<float> weights);
}
