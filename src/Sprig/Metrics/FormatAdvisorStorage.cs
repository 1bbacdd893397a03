using Sprig.Formats;

namespace Sprig.Metrics;

/// <summary>Stores each weight in the format <see cref="FormatAdvisor"/> finds smallest for its exact zero pattern (CSR, BSR, N:M, delta, …).</summary>
public sealed class FormatAdvisorStorage : IStorageAdvisor
{
    /// <summary>The shared instance.</summary>
    public static FormatAdvisorStorage Instance { get; } = new();

    /// <inheritdoc />
    public StorageChoice Choose(int rows, int columns, ReadOnlySpan<float> weights)
    {
        var (choice, bytes) = FormatAdvisor.Advise(TensorProfile.FromMask(rows, columns, weights));
        return new StorageChoice(choice.ToString(), bytes);
    }
}
