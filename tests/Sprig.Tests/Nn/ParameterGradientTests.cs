using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

/// <summary>The compact gradient of a layer on the sparse kernels stays invisible to every reader of <see cref="Parameter.Grad"/>.</summary>
public class ParameterGradientTests
{
    [Fact]
    public void ReadingGrad_MovesTheCompactGradientToItsPositions_AndLeavesTheOthersZero()
    {
        Parameter p = WithActive([1, 4, 5], compact: true);
        float[] compact = p.CompactGradient.ToArray();
        Assert.Equal(3, compact.Length);
        p.CompactGradient[0] = 2f;
        p.CompactGradient[2] = -3f;

        Assert.Equal([0f, 2f, 0f, 0f, 0f, -3f], p.Grad.Data);
        Assert.True(p.CompactGradient.IsEmpty);
    }

    [Fact]
    public void ClearGrad_AfterAMove_ZeroesTheActivePositions_AndMakesTheCompactGradientCurrentAgain()
    {
        Parameter p = WithActive([0, 3], compact: true);
        p.CompactGradient[1] = 7f;
        p.Grad.Span[0] += 1f;

        p.ClearGrad();

        Assert.Equal(2, p.CompactGradient.Length);
        Assert.All(p.CompactGradient.ToArray(), g => Assert.Equal(0f, g));
        p.CompactGradient[0] = 5f;
        Assert.Equal([5f, 0f, 0f, 0f, 0f, 0f], p.Grad.Data);
    }

    [Fact]
    public void WithoutACompactGradient_ActivePositionsAreClearedInPlace()
    {
        Parameter p = WithActive([2], compact: false);
        Assert.True(p.CompactGradient.IsEmpty);
        p.Grad.Span[2] = 4f;
        p.ClearGrad();
        Assert.Equal(new float[6], p.Grad.Data);
    }

    [Fact]
    public void SettingActiveIndices_ClearsTheGradient_AndNullRestoresTheDenseGradient()
    {
        var p = new Parameter(new Tensor(6), prunable: true);
        p.Grad.Span.Fill(1f);
        p.SetActiveIndices([1], compactGradient: true);
        Assert.Equal(new float[6], p.Grad.Data);

        p.SetActiveIndices(null, compactGradient: true);
        Assert.Null(p.ActiveIndices);
        Assert.True(p.CompactGradient.IsEmpty);
        p.Grad.Span.Fill(1f);
        p.ClearGrad();
        Assert.Equal(new float[6], p.Grad.Data);
    }

    private static Parameter WithActive(int[] active, bool compact)
    {
        var p = new Parameter(new Tensor(6), prunable: true);
        p.SetActiveIndices(active, compact);
        return p;
    }
}
