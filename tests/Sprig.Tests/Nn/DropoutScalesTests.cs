using Sprig.Nn;

namespace Sprig.Tests.Nn;

public class DropoutScalesTests
{
    [Theory]
    [InlineData(1, 0.5f)]
    [InlineData(31, 0.25f)]
    [InlineData(32, 0.5f)]
    [InlineData(33, 0.1f)]
    [InlineData(1000, 0.5f)]
    [InlineData(4099, 0.9f)]
    [InlineData(777, 0f)]
    public void Fill_MatchesTheReference_BitForBit(int length, float probability)
    {
        var fast = new float[length];
        var reference = new float[length];
        DropoutScales.Fill(fast, 0x1234_5678_9ABC_DEF0UL, probability);
        DropoutScales.FillReference(reference, 0x1234_5678_9ABC_DEF0UL, probability);
        Assert.Equal(reference, fast);
        Assert.All(fast, s => Assert.True(s == 0f || s == 1f / (1f - probability)));
    }

    [Fact]
    public void Fill_DropsAboutTheRequestedFraction()
    {
        var scales = new float[100_000];
        DropoutScales.Fill(scales, 7, 0.3f);
        double dropped = scales.Count(s => s == 0f) / (double)scales.Length;
        Assert.InRange(dropped, 0.29, 0.31);
    }
}
