namespace Sprig.Sparsity.Masks;

/// <summary>
/// Turns per-weight scores (larger = more important) into a 0/1 mask of a given structure. A weight tensor is read
/// as [rows, fan-in] (see <see cref="PrunableWeight"/>). Every structure keeps at least one unit, so a layer is never
/// emptied.
/// </summary>
public static class MaskBuilder
{
    /// <summary>
    /// Writes into <paramref name="mask"/> the mask that keeps about <paramref name="keep"/> weights with the largest
    /// scores under <paramref name="pattern"/>. Element masks keep exactly <paramref name="keep"/> (at least 1);
    /// block and channel masks keep the nearest whole number of blocks or rows (at least 1), ranking a block or row
    /// by the sum of its scores; N:M masks ignore <paramref name="keep"/> and keep the N best of every group of M
    /// consecutive fan-in weights of a row (a trailing partial group of r weights keeps min(N, r), which is still
    /// at most N of M once zero-padded).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length or <paramref name="rows"/> does not divide it.</exception>
    public static void Build(ReadOnlySpan<float> scores, int rows, int keep, MaskPattern pattern, Span<float> mask)
    {
        if (scores.Length != mask.Length || rows <= 0 || scores.Length % rows != 0)
        {
            throw new ArgumentException($"{scores.Length} scores, {mask.Length} mask entries and {rows} rows do not fit together.", nameof(scores));
        }

        if (scores.Length == 0)
        {
            return;
        }

        int columns = scores.Length / rows;
        switch (pattern.Granularity)
        {
            case Granularity.Element:
                TopK.KeepLargest(scores, Math.Max(keep, 1), mask);
                break;
            case Granularity.Block:
                BuildBlocks(scores, rows, columns, pattern.BlockRows, pattern.BlockColumns, keep, mask);
                break;
            case Granularity.NM:
                BuildNOfM(scores, columns, pattern.N, pattern.M, mask);
                break;
            case Granularity.Channel:
                BuildBlocks(scores, rows, columns, 1, columns, keep, mask);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern), pattern.Granularity, "Unknown granularity.");
        }
    }

    /// <summary>Keeps whole channels: row r is kept where <paramref name="channelMask"/>[r] is 1.</summary>
    public static void ExpandRows(ReadOnlySpan<float> channelMask, Span<float> mask)
    {
        int rowLength = mask.Length / channelMask.Length;
        for (int r = 0; r < channelMask.Length; r++)
        {
            mask.Slice(r * rowLength, rowLength).Fill(channelMask[r]);
        }
    }

    private static void BuildBlocks(ReadOnlySpan<float> scores, int rows, int columns, int blockRows, int blockColumns, int keep, Span<float> mask)
    {
        int gridRows = (rows + blockRows - 1) / blockRows;
        int gridColumns = (columns + blockColumns - 1) / blockColumns;
        float[] blockScores = new float[gridRows * gridColumns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                blockScores[((r / blockRows) * gridColumns) + (c / blockColumns)] += scores[(r * columns) + c];
            }
        }

        int keepBlocks = (int)Math.Round((double)keep / ((double)blockRows * blockColumns));
        float[] blockMask = new float[blockScores.Length];
        TopK.KeepLargest(blockScores, Math.Max(keepBlocks, 1), blockMask);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                mask[(r * columns) + c] = blockMask[((r / blockRows) * gridColumns) + (c / blockColumns)];
            }
        }
    }

    private static void BuildNOfM(ReadOnlySpan<float> scores, int columns, int n, int m, Span<float> mask)
    {
        mask.Clear();
        int rows = scores.Length / columns;
        for (int r = 0; r < rows; r++)
        {
            for (int start = 0; start < columns; start += m)
            {
                int offset = (r * columns) + start;
                int size = Math.Min(m, columns - start);
                ReadOnlySpan<float> group = scores.Slice(offset, size);
                Span<float> groupMask = mask.Slice(offset, size);

                // N is tiny (≤ 8): pick the best remaining N times rather than sorting.
                for (int k = 0; k < Math.Min(n, size); k++)
                {
                    int best = -1;
                    for (int j = 0; j < size; j++)
                    {
                        if (groupMask[j] == 0f && (best < 0 || group[j] > group[best]))
                        {
                            best = j;
                        }
                    }

                    groupMask[best] = 1f;
                }
            }
        }
    }
}
