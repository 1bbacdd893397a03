using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class BasicBlockTests
{
    [Theory]
    [InlineData(3, 3, 1, 5)]
    [InlineData(2, 4, 2, 7)]
    [InlineData(3, 5, 1, 4)]
    public void Backward_MatchesFiniteDifferences(int cin, int cout, int stride, int size)
    {
        var rng = new Rng(51);
        var block = new BasicBlock(cin, cout, stride, rng);
        GradientCheck.Verify(block, GradientCheck.Random(rng, 3, cin, size, size), seed: 12, step: 2e-3, tolerance: 3e-2, samples: 16);
    }

    [Fact]
    public void ShortcutKind_FollowsShapeChange()
    {
        var rng = new Rng(52);

        Assert.True(new BasicBlock(8, 8, 1, rng).HasIdentityShortcut);
        Assert.False(new BasicBlock(8, 16, 2, rng).HasIdentityShortcut);
        Assert.False(new BasicBlock(8, 8, 2, rng).HasIdentityShortcut);
    }

    [Fact]
    public void ParameterNames_MatchPyTorch()
    {
        var block = new BasicBlock(4, 8, 2, new Rng(53));

        Assert.Equal(
            ["c1.weight", "b1.weight", "b1.bias", "c2.weight", "b2.weight", "b2.bias", "sc.0.weight", "sc.1.weight", "sc.1.bias"],
            block.NamedParameters().Select(p => p.Name));
        Assert.Contains(block.NamedModules(), m => m.Name == "relu2" && m.Module is ReLU);
    }

    [Fact]
    public void Forward_DownsamplesWithStride()
    {
        var rng = new Rng(54);
        var block = new BasicBlock(2, 4, 2, rng);

        Assert.Equal([2, 4, 4, 4], block.Forward(GradientCheck.Random(rng, 2, 2, 7, 7)).ShapeArray());
    }
}
