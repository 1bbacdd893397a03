using Sprig.Serialization;
using Sprig.Tensors;

namespace Sprig.Reporting;

/// <summary>Reads a layer's sparsity pattern from a checkpoint and shrinks it to a grid small enough to draw.</summary>
internal static class MaskPicture
{
    /// <summary>
    /// The kept fraction of each block of layer <paramref name="name"/> seen as a [rows, fan-in] matrix, at most
    /// <paramref name="maxRows"/> × <paramref name="maxColumns"/> blocks; from its mask, else from its weights' zeros.
    /// Null when the checkpoint has neither.
    /// </summary>
    public static (double[,] Density, int Rows, int Columns)? Read(Checkpoint checkpoint, string name, int maxRows, int maxColumns)
    {
        if (!checkpoint.Masks.TryGetValue($"mask/{name}", out Tensor? values) && !checkpoint.Tensors.TryGetValue($"model/{name}", out values))
        {
            return null;
        }

        int rows = values.Rank == 0 ? 1 : values.Dim(0);
        int columns = values.Length / Math.Max(1, rows);
        int gridRows = Math.Min(rows, maxRows);
        int gridColumns = Math.Min(columns, maxColumns);
        double[,] kept = new double[gridRows, gridColumns];
        int[,] counts = new int[gridRows, gridColumns];
        ReadOnlySpan<float> data = values.Span;
        for (int r = 0; r < rows; r++)
        {
            int gr = (int)((long)r * gridRows / rows);
            for (int c = 0; c < columns; c++)
            {
                int gc = (int)((long)c * gridColumns / columns);
                kept[gr, gc] += data[(r * columns) + c] != 0f ? 1 : 0;
                counts[gr, gc]++;
            }
        }

        for (int r = 0; r < gridRows; r++)
        {
            for (int c = 0; c < gridColumns; c++)
            {
                kept[r, c] /= Math.Max(1, counts[r, c]);
            }
        }

        return (kept, rows, columns);
    }

    /// <summary>The sparsity of every output channel of every convolution weight (rank 4) in the checkpoint.</summary>
    public static IReadOnlyList<double> ChannelSparsities(Checkpoint checkpoint, IEnumerable<string> layers)
    {
        var sparsities = new List<double>();
        foreach (string name in layers)
        {
            if (checkpoint.Tensors.TryGetValue($"model/{name}", out Tensor? w) && w.Rank == 4)
            {
                int perChannel = w.Length / w.Dim(0);
                for (int c = 0; c < w.Dim(0); c++)
                {
                    ReadOnlySpan<float> channel = w.Span.Slice(c * perChannel, perChannel);
                    sparsities.Add((double)channel.Count(0f) / perChannel);
                }
            }
        }

        return sparsities;
    }
}
