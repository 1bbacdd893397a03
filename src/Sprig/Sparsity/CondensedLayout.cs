namespace Sprig.Sparsity;

/// <summary>
/// The condensed form of a constant fan-in sparse layer (SRigL's <c>condensed_linear.py</c>): every active output row
/// keeps exactly <see cref="FanIn"/> inputs, so the layer is two dense [rows, k] matrices, the values and the int32
/// input indices, plus the list of surviving rows (ablated, all-zero rows are dropped). Output row
/// <c>ActiveRows[r]</c> is Σ_j Values[r·k + j]·x[Indices[r·k + j]]: a gather and a row-wise dot product. For a conv
/// weight [C_out, C_in, kh, kw] an index addresses the flattened fan-in (c·kh·kw + y·kw + x), the im2col order.
/// </summary>
public sealed class CondensedLayout
{
    private CondensedLayout(int outputCount, int inputCount, int fanIn, int[] activeRows, float[] values, int[] indices)
    {
        OutputCount = outputCount;
        InputCount = inputCount;
        FanIn = fanIn;
        ActiveRows = activeRows;
        Values = values;
        Indices = indices;
    }

    /// <summary>Rows of the original (uncondensed) weight, ablated ones included.</summary>
    public int OutputCount { get; }

    /// <summary>Fan-in of the original weight (the row length).</summary>
    public int InputCount { get; }

    /// <summary>k, the number of inputs of every active row.</summary>
    public int FanIn { get; }

    /// <summary>The original index of each kept row, ascending.</summary>
    public int[] ActiveRows { get; }

    /// <summary>The weights, [ActiveRows.Length, FanIn] row-major; within a row the inputs are in ascending index order.</summary>
    public float[] Values { get; }

    /// <summary>The input index of each value, same shape as <see cref="Values"/>.</summary>
    public int[] Indices { get; }

    /// <summary>
    /// Condenses a masked weight of <paramref name="rows"/> × <paramref name="rowLength"/>. Rows with no active
    /// input are dropped; every other row must have the same number of active inputs.
    /// </summary>
    /// <exception cref="SprigException">The active rows do not share one fan-in, or the sizes disagree.</exception>
    public static CondensedLayout FromMasked(ReadOnlySpan<float> weights, ReadOnlySpan<float> mask, int rows, int rowLength)
    {
        if (weights.Length != mask.Length || weights.Length != (long)rows * rowLength)
        {
            throw new SprigException($"cannot condense {weights.Length} weights with a mask of {mask.Length} as {rows}x{rowLength}");
        }

        int fanIn = 0;
        var activeRows = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            int count = 0;
            foreach (float m in mask.Slice(r * rowLength, rowLength))
            {
                count += m != 0f ? 1 : 0;
            }

            if (count == 0)
            {
                continue;
            }

            if (activeRows.Count > 0 && count != fanIn)
            {
                throw new SprigException($"row {r} has {count} active inputs but earlier rows have {fanIn}; only a constant fan-in layer condenses");
            }

            fanIn = count;
            activeRows.Add(r);
        }

        float[] values = new float[activeRows.Count * fanIn];
        int[] indices = new int[values.Length];
        int next = 0;
        foreach (int r in activeRows)
        {
            for (int c = 0; c < rowLength; c++)
            {
                if (mask[(r * rowLength) + c] != 0f)
                {
                    values[next] = weights[(r * rowLength) + c];
                    indices[next] = c;
                    next++;
                }
            }
        }

        return new CondensedLayout(rows, rowLength, fanIn, [.. activeRows], values, indices);
    }

    /// <summary>
    /// The scalar reference product for one sample: <paramref name="output"/>[row] for all <see cref="OutputCount"/>
    /// rows (0 for ablated rows) from <paramref name="input"/> of <see cref="InputCount"/> values.
    /// </summary>
    public void MultiplyReference(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputCount || output.Length != OutputCount)
        {
            throw new SprigException($"condensed layer {OutputCount}x{InputCount} got input {input.Length} and output {output.Length}");
        }

        output.Clear();
        for (int r = 0; r < ActiveRows.Length; r++)
        {
            float sum = 0f;
            for (int j = 0; j < FanIn; j++)
            {
                sum += Values[(r * FanIn) + j] * input[Indices[(r * FanIn) + j]];
            }

            output[ActiveRows[r]] = sum;
        }
    }
}
