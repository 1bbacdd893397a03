namespace Sprig.Kernels.Tests;

/// <summary>Seeded random test inputs.</summary>
internal static class TestData
{
    /// <summary>Uniform values in [-1, 1) from a fixed seed.</summary>
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Element-wise absolute values.</summary>
    public static float[] Abs(float[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = Math.Abs(values[i]);
        }

        return result;
    }
}
