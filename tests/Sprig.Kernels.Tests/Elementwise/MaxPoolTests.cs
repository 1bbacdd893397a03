using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class MaxPoolTests
{
    /// <summary>(planes, height, width, kernel, stride): the unrolled 2×2 path, odd sizes, overlapping windows.</summary>
    public static TheoryData<int, int, int, int, int> Geometries => new()
    {
        { 0, 4, 4, 2, 2 },
        { 1, 1, 1, 1, 1 },
        { 7, 7, 7, 2, 2 },
        { 33, 8, 5, 2, 2 },
        { 5, 9, 8, 3, 2 },
        { 6, 6, 7, 3, 1 },
        { 257, 5, 3, 2, 1 },
        { 3, 33, 17, 4, 3 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_And_Backward_MatchReference_OnEverySplit(int planes, int height, int width, int kernel, int stride)
    {
        int outputs = planes * MaxPool.OutputSize(height, kernel, stride) * MaxPool.OutputSize(width, kernel, stride);
        float[] x = Quantized(planes * height * width, 1); // few distinct values, so windows have ties
        float[] dy = TestData.Uniform(outputs, 2);
        var yExpected = new float[outputs];
        var argExpected = new int[outputs];
        var dxExpected = new float[x.Length];
        MaxPoolReference.Forward(x, planes, height, width, kernel, stride, yExpected, argExpected);
        MaxPoolReference.Backward(dy, argExpected, dxExpected);
        foreach (var (threads, chunk) in Splits.All)
        {
            var y = new float[outputs];
            var argMax = new int[outputs];
            float[] dx = TestData.Uniform(x.Length, 3); // stale contents must be cleared
            MaxPool.Forward(x, planes, height, width, kernel, stride, y, argMax, threads, chunk);
            MaxPool.Backward(dy, argMax, planes, dx, threads, chunk);
            Assert.Equal(yExpected, y);
            Assert.Equal(argExpected, argMax);
            Assert.Equal(dxExpected, dx);
        }
    }

    [Fact]
    public void Backward_RejectsAnIndexOutsideItsPlane()
    {
        int[] argMax = [0, 2]; // output 1 belongs to plane 1 (indices 4..7)
        Assert.Throws<ArgumentException>(() => MaxPool.Backward(new float[2], argMax, 2, new float[8]));
    }

    private static float[] Quantized(int length, int seed)
    {
        float[] values = TestData.Uniform(length, seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Round(values[i] * 2f);
        }

        return values;
    }
}
