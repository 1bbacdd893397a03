using Sprig.Tensors;

namespace Sprig.Data;

/// <summary>
/// A learnable 28×28, 10-class image task generated in code from a seed, for machines without a real dataset.
/// </summary>
/// <remarks>
/// Each class has a prototype of three smooth strokes. A sample is its class prototype, randomly shifted and dimmed,
/// blended with a shifted prototype of another class, plus sometimes a stray stroke and always pixel noise, clamped to
/// [0, 1]. The distractors keep a small network from reaching 100% at once while the prototype keeps the task well
/// above chance. Sample <c>i</c> of a split depends only on (seed, split, i), so sizes change nothing else.
/// </remarks>
public static class SyntheticDataset
{
    /// <summary>Image height and width.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The default number of training samples.</summary>
    public const int DefaultTrainCount = 6000;

    /// <summary>The default number of test samples.</summary>
    public const int DefaultTestCount = 1000;

    private const int Plane = ImageSize * ImageSize;
    private const int MaxShift = 3;
    private const float NoiseStd = 0.2f;

    /// <summary>Generates the training and test sets (raw [0, 1] pixels, not normalised) for <paramref name="seed"/>.</summary>
    public static TrainTestData Create(ulong seed, int trainCount = DefaultTrainCount, int testCount = DefaultTestCount)
    {
        if (trainCount < 1 || testCount < 1)
        {
            throw new SprigException($"synthetic data needs at least one training and one test sample, got {trainCount} and {testCount}");
        }

        float[][] prototypes = new float[ClassCount][];
        for (int k = 0; k < ClassCount; k++)
        {
            prototypes[k] = Prototype(new Rng(SeedHash.Mix(seed, SeedHash.SyntheticStream, (ulong)k)));
        }

        return new TrainTestData(
            Generate("synthetic/train", prototypes, seed, 0, trainCount),
            Generate("synthetic/test", prototypes, seed, 1, testCount));
    }

    private static Dataset Generate(string name, float[][] prototypes, ulong seed, ulong split, int count)
    {
        var images = new Tensor(count, 1, ImageSize, ImageSize);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            var rng = new Rng(SeedHash.Mix(seed, SeedHash.SyntheticStream, split + ClassCount, (ulong)i));
            labels[i] = rng.NextInt(ClassCount);
            Span<float> image = images.Span.Slice(i * Plane, Plane);
            AddShifted(image, prototypes[labels[i]], rng.Uniform(0.6f, 1f), rng);
            int other = (labels[i] + 1 + rng.NextInt(ClassCount - 1)) % ClassCount;
            AddShifted(image, prototypes[other], rng.Uniform(0f, 0.6f), rng);
            if (rng.NextFloat() < 0.5f)
            {
                DrawStroke(image, rng, 0.7f);
            }

            for (int p = 0; p < Plane; p++)
            {
                image[p] = Math.Clamp(image[p] + (NoiseStd * rng.NextGaussian()), 0f, 1f);
            }
        }

        return new Dataset(name, images, labels, ClassCount);
    }

    private static float[] Prototype(Rng rng)
    {
        var image = new float[Plane];
        for (int s = 0; s < 3; s++)
        {
            DrawStroke(image, rng, 1f);
        }

        return image;
    }

    /// <summary>Adds <paramref name="weight"/> × <paramref name="source"/> moved by a random whole-pixel shift.</summary>
    private static void AddShifted(Span<float> image, float[] source, float weight, Rng rng)
    {
        int dx = rng.NextInt((2 * MaxShift) + 1) - MaxShift;
        int dy = rng.NextInt((2 * MaxShift) + 1) - MaxShift;
        for (int y = Math.Max(0, dy); y < Math.Min(ImageSize, ImageSize + dy); y++)
        {
            for (int x = Math.Max(0, dx); x < Math.Min(ImageSize, ImageSize + dx); x++)
            {
                image[(y * ImageSize) + x] += weight * source[((y - dy) * ImageSize) + x - dx];
            }
        }
    }

    /// <summary>Draws a soft line segment (Gaussian profile across it) with peak <paramref name="intensity"/>, keeping the brighter value.</summary>
    private static void DrawStroke(Span<float> image, Rng rng, float intensity)
    {
        float x0 = rng.Uniform(5f, 22f);
        float y0 = rng.Uniform(5f, 22f);
        float x1 = rng.Uniform(5f, 22f);
        float y1 = rng.Uniform(5f, 22f);
        float sigma = rng.Uniform(1f, 1.8f);
        float ex = x1 - x0;
        float ey = y1 - y0;
        float lengthSquared = MathF.Max((ex * ex) + (ey * ey), 1e-6f);
        for (int y = 0; y < ImageSize; y++)
        {
            for (int x = 0; x < ImageSize; x++)
            {
                float t = Math.Clamp((((x - x0) * ex) + ((y - y0) * ey)) / lengthSquared, 0f, 1f);
                float dx = x - (x0 + (t * ex));
                float dy = y - (y0 + (t * ey));
                float value = intensity * MathF.Exp(-((dx * dx) + (dy * dy)) / (2f * sigma * sigma));
                ref float pixel = ref image[(y * ImageSize) + x];
                pixel = MathF.Max(pixel, value);
            }
        }
    }
}
