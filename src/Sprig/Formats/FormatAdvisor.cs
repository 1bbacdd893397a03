namespace Sprig.Formats;

/// <summary>Picks the format that stores a tensor in the fewest bytes (<see cref="StorageCost.EncodedBytes"/>).</summary>
public static class FormatAdvisor
{
    /// <summary>Block shapes tried for blocked CSR.</summary>
    private static readonly (int Rows, int Columns)[] s_blocks = [(1, 4), (4, 4)];

    /// <summary>Group sizes tried for N:M.</summary>
    private static readonly int[] s_groups = [4, 8];

    /// <summary>Every format that can hold <paramref name="profile"/>'s pattern, dense first.</summary>
    public static IReadOnlyList<FormatChoice> Candidates(TensorProfile profile)
    {
        var candidates = new List<FormatChoice>
        {
            new(StorageFormat.Dense),
            new(StorageFormat.Bitmap),
            new(StorageFormat.Coo),
            new(StorageFormat.Csr),
            new(StorageFormat.Csc),
            new(StorageFormat.Delta, Width: 1),
            new(StorageFormat.Delta, Width: 2),
            new(StorageFormat.Delta, Width: 4),
            new(StorageFormat.Condensed),
        };
        foreach ((int rows, int columns) in s_blocks)
        {
            candidates.Add(new FormatChoice(StorageFormat.Bsr, rows, columns));
        }

        foreach (int m in s_groups)
        {
            int n = profile.Columns % m == 0 ? profile.MaxGroupCount(m) : m;
            if (n < m)
            {
                candidates.Add(new FormatChoice(StorageFormat.NM, N: Math.Max(n, 1), M: m));
            }
        }

        return candidates;
    }

    /// <summary>The cheapest candidate and its size; dense wins ties.</summary>
    public static (FormatChoice Choice, long Bytes) Advise(TensorProfile profile)
    {
        FormatChoice best = new(StorageFormat.Dense);
        long bestBytes = StorageCost.EncodedBytes(best, profile);
        foreach (FormatChoice choice in Candidates(profile))
        {
            long bytes = StorageCost.EncodedBytes(choice, profile);
            if (bytes < bestBytes)
            {
                best = choice;
                bestBytes = bytes;
            }
        }

        return (best, bestBytes);
    }
}
