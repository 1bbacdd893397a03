using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class ReluTests
{
    [Theory]
    [MemberData(nameof(Splits.Lengths), MemberType = typeof(Splits))]
    public void Forward_And_Backward_MatchReference_OnEverySplit(int length)
    {
        float[] x = TestData.Uniform(length, 1);
        x.AsSpan(0, Math.Min(3, length)).Clear(); // exact zeros take the y > 0 branch's "no" side
        float[] dy = TestData.Uniform(length, 2);
        var yExpected = new float[length];
        var dxExpected = new float[length];
        ReluReference.Forward(x, yExpected);
        ReluReference.Backward(yExpected, dy, dxExpected);
        foreach (var (threads, chunk) in Splits.All)
        {
            float[] y = TestData.Uniform(length, 3);
            float[] dx = TestData.Uniform(length, 4);
            Relu.Forward(x, y, threads, chunk);
            Relu.Backward(y, dy, dx, threads, chunk);
            Assert.Equal(yExpected, y);
            Assert.Equal(dxExpected, dx);
        }
    }

    [Fact]
    public void Forward_InPlace_MatchesReference()
    {
        float[] x = TestData.Uniform(257, 5);
        var expected = new float[x.Length];
        ReluReference.Forward(x, expected);
        Relu.Forward(x, x, 3, 1);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Backward_RejectsMismatchedLengths() =>
        Assert.Throws<ArgumentException>(() => Relu.Backward(new float[4], new float[4], new float[3]));
}
