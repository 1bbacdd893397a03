using Sprig.Models;
using Sprig.Nn;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;

namespace Sprig.Tests.Structure;

public class ChannelGraphTests
{
    [Fact]
    public void Vgg11s_EveryConvButTheLastIsPrunable_WithItsNormAndTheNextConv()
    {
        var model = (Sequential)ModelZoo.Create("vgg11s", 1, 28, 28, 10, new Rng(1));
        List<Conv2d> convs = model.Layers.OfType<Conv2d>().ToList();

        ChannelGraph graph = ChannelGraph.Build(model);

        Assert.Equal(7, graph.Groups.Count);
        for (int i = 0; i < 7; i++)
        {
            ChannelGroup g = graph.Groups[i];
            Assert.Same(convs[i], g.Producer);
            Assert.Same(convs[i + 1], g.Consumer);
            Assert.NotNull(g.Norm);
            Assert.Equal(convs[i].OutChannels, g.Norm!.Features);
            Assert.NotNull(g.Activation);
            Assert.Equal(9, g.ConsumerSpan);
        }

        Assert.Equal(32 + 64 + 128 + 128 + 256 + 256 + 256, graph.TotalChannels);
    }

    [Fact]
    public void ResNet20_OnlyInnerConvsArePrunable_SoResidualWidthsNeverChange()
    {
        Module model = ModelZoo.Create("resnet20", 1, 28, 28, 10, new Rng(2));

        ChannelGraph graph = ChannelGraph.Build(model);

        Assert.Equal(Enumerable.Range(3, 9).Select(i => $"{i}.c1"), graph.Groups.Select(g => g.Name));
        var blocks = ((Sequential)model).Layers.OfType<BasicBlock>().ToList();
        for (int i = 0; i < 9; i++)
        {
            Assert.Same(blocks[i].C1, graph.Groups[i].Producer);
            Assert.Same(blocks[i].B1, graph.Groups[i].Norm);
            Assert.Same(blocks[i].C2, graph.Groups[i].Consumer);
        }

        // No group touches a layer whose output or input is on the residual path.
        var residual = new HashSet<Module>(blocks.SelectMany(b => new Module[] { b.C2, b.B2 }.Concat(b.Shortcut.Layers)));
        residual.Add(((Sequential)model).Layers[0]);
        Assert.DoesNotContain(graph.Groups, g => residual.Contains(g.Producer) || (g.Norm is not null && residual.Contains(g.Norm)));
        Assert.DoesNotContain(graph.Groups, g => blocks.Any(b => ReferenceEquals(g.Consumer, b.C1)));
    }

    [Theory]
    [InlineData("lenet5", new[] { "0", "3" }, new[] { 25, 16 })]
    [InlineData("cnn", new[] { "0", "2" }, new[] { 9, 144 })]
    [InlineData("mlp", new[] { "1" }, new[] { 1 })]
    public void SmallModels_ConvToLinearCarriesTheSpatialFactor_AndTheLayerBeforeTheClassifierIsExcluded(string name, string[] groups, int[] spans)
    {
        ChannelGraph graph = ChannelGraph.Build(ModelZoo.Create(name, 1, 28, 28, 10, new Rng(3)));

        Assert.Equal(groups, graph.Groups.Select(g => g.Name));
        Assert.Equal(spans, graph.Groups.Select(g => g.ConsumerSpan));
        Assert.All(graph.Groups, g => Assert.Null(g.Norm));
    }

    [Fact]
    public void UnknownLayer_IsRefusedWithItsName()
    {
        var rng = new Rng(4);
        var model = new Sequential(new Linear(4, 8, rng), new Opaque(), new Linear(8, 2, rng));

        var e = Assert.Throws<SprigException>(() => ChannelGraph.Build(model));

        Assert.Contains("Opaque at '1'", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void MismatchedWidths_AreRefused()
    {
        var rng = new Rng(5);
        var model = new Sequential(new Linear(4, 6, rng), new ReLU(), new Linear(9, 2, rng), new Linear(2, 2, rng));

        Assert.Throws<SprigException>(() => ChannelGraph.Build(model));
    }

    private sealed class Opaque : Module
    {
        public override Tensor Forward(Tensor input) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;
    }
}
