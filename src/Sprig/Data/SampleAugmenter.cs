namespace Sprig.Data;

/// <summary>
/// Applies a random crop (with padding) and flip to one sample, with every choice taken from 64 given random bits so
/// the result depends only on who computed the bits.
/// </summary>
internal static class SampleAugmenter
{
    /// <summary>
    /// Writes the augmented sample <paramref name="index"/> of <paramref name="dataset"/> to <paramref name="destination"/>:
    /// <c>out[c, y, x] = in[c, y + dy, x' + dx]</c> with <c>x' = W − 1 − x</c> when flipped, and uncovered pixels set to
    /// the normalised value of a black pixel (what padding with zeros before normalisation gives).
    /// </summary>
    public static void Apply(Dataset dataset, int index, Augmentation augmentation, ulong bits, Span<float> destination)
    {
        int padding = augmentation.CropPadding;
        uint span = (uint)((2 * padding) + 1);
        int dx = (int)((bits & 0xFFFFF) % span) - padding;
        int dy = (int)(((bits >> 20) & 0xFFFFF) % span) - padding;
        bool flip = augmentation.HorizontalFlip && ((bits >> 40) & 1) != 0;

        int height = dataset.Height;
        int width = dataset.Width;
        int plane = height * width;
        ReadOnlySpan<float> source = dataset.Sample(index);
        for (int c = 0; c < dataset.Channels; c++)
        {
            float fill = dataset.Normalization?.NormalizedZero(c) ?? 0f;
            ReadOnlySpan<float> input = source.Slice(c * plane, plane);
            Span<float> output = destination.Slice(c * plane, plane);
            for (int y = 0; y < height; y++)
            {
                Span<float> row = output.Slice(y * width, width);
                int sy = y + dy;
                if (sy < 0 || sy >= height)
                {
                    row.Fill(fill);
                    continue;
                }

                ReadOnlySpan<float> inputRow = input.Slice(sy * width, width);
                for (int x = 0; x < width; x++)
                {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    row[x] = (uint)sx < (uint)width ? inputRow[sx] : fill;
                }
            }
        }
    }
}
