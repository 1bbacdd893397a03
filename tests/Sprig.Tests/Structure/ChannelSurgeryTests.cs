using Sprig.Models;
using Sprig.Nn;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;

namespace Sprig.Tests.Structure;

public class ChannelSurgeryTests
{
    public static TheoryData<string> Models => new(ModelZoo.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void Shrink_AfterRandomKills_GivesTheMaskedModelsOutputs(string name)
    {
        Module model = StructureTestKit.Model(name, 11);
        ChannelGraph graph = ChannelGraph.Build(model);
        var rng = new Rng(12);
        int[] expectedWidths = new int[graph.Groups.Count];
        for (int g = 0; g < graph.Groups.Count; g++)
        {
            ChannelGroup group = graph.Groups[g];
            int alive = group.Channels;
            for (int c = 0; c < group.Channels; c++)
            {
                if (rng.NextFloat() < 0.4f && alive > 1)
                {
                    ChannelSurgery.Kill(group, c);
                    alive--;
                }
            }

            expectedWidths[g] = alive;
        }

        Tensor input = StructureTestKit.Input(2, 13);
        float[] masked = StructureTestKit.EvalOutput(model, input);
        long parametersBefore = model.Parameters().Sum(p => (long)p.Length);

        Dictionary<string, int> widths = ChannelSurgery.Shrink(graph);

        Assert.Equal(expectedWidths, graph.Groups.Select(g => widths[g.Name]));
        Assert.Equal(expectedWidths, graph.Groups.Select(g => g.Channels));
        Assert.True(model.Parameters().Sum(p => (long)p.Length) < parametersBefore);
        StructureTestKit.AssertClose(masked, StructureTestKit.EvalOutput(model, input));
    }

    [Fact]
    public void Shrink_SlicesMasksAndBatchNormStatisticsWithTheirChannels()
    {
        Module model = StructureTestKit.Model("vgg11s", 21);
        ChannelGroup group = ChannelGraph.Build(model).Groups[0];
        float meanOfChannel2 = group.Norm!.RunningMean.Span[2];
        float gammaOfChannel2 = group.Norm.Weight.Value.Span[2];
        ChannelSurgery.Kill(group, 0);
        ChannelSurgery.Kill(group, 1);

        ChannelSurgery.Keep(group, ChannelSurgery.DeadChannels(group).Select(d => !d).ToArray());

        Assert.Equal(30, group.Channels);
        Assert.Equal(30, group.Norm.Features);
        Assert.Equal(meanOfChannel2, group.Norm.RunningMean.Span[0]);
        Assert.Equal(gammaOfChannel2, group.Norm.Weight.Value.Span[0]);
        Assert.Equal([64, 30, 3, 3], group.ConsumerWeight.Value.ShapeArray());
        Assert.Equal(group.ConsumerWeight.Length, group.ConsumerWeight.Mask!.Length);
        Assert.Equal(group.ConsumerWeight.Length, group.ConsumerWeight.Grad.Length);
        Assert.All(group.ConsumerWeight.Mask, m => Assert.Equal(1f, m));
    }

    [Fact]
    public void DeadChannels_FindsZeroRowsAndZeroConsumerInputs()
    {
        Module model = StructureTestKit.Model("lenet5", 31);
        ChannelGroup group = ChannelGraph.Build(model).Groups[1];
        group.ProducerWeight.Value.Span.Slice(3 * 500, 500).Clear();
        for (int r = 0; r < 500; r++)
        {
            group.ConsumerWeight.Value.Span.Slice((r * 800) + (7 * 16), 16).Clear();
        }

        bool[] dead = ChannelSurgery.DeadChannels(group);

        Assert.Equal([3, 7], Enumerable.Range(0, dead.Length).Where(c => dead[c]));
    }

    [Fact]
    public void Narrow_RebuildsTheShrunkArchitecture_SoTheShrunkStateLoads()
    {
        Module model = StructureTestKit.Model("resnet20", 41);
        ChannelGraph graph = ChannelGraph.Build(model);
        for (int c = 0; c < 5; c++)
        {
            ChannelSurgery.Kill(graph.Groups[4], c);
        }

        Dictionary<string, int> widths = ChannelSurgery.Shrink(graph);
        Tensor input = StructureTestKit.Input(2, 42);
        float[] expected = StructureTestKit.EvalOutput(model, input);

        Module rebuilt = ModelZoo.Create("resnet20", 1, 28, 28, 10, new Rng(99));
        ChannelSurgery.Narrow(rebuilt, widths);
        rebuilt.LoadStateDict(model.StateDict());

        Assert.Equal(32 - 5, widths["7.c1"]);
        StructureTestKit.AssertClose(expected, StructureTestKit.EvalOutput(rebuilt, input), 1e-6f);
    }

    [Fact]
    public void Narrow_RefusesUnknownLayersAndImpossibleWidths()
    {
        Module model = ModelZoo.Create("lenet5", 1, 28, 28, 10, new Rng(5));

        Assert.Throws<SprigException>(() => ChannelSurgery.Narrow(model, new Dictionary<string, int> { ["7"] = 3 }));
        Assert.Throws<SprigException>(() => ChannelSurgery.Narrow(model, new Dictionary<string, int> { ["0"] = 21 }));
    }

    [Fact]
    public void ShrunkModel_Trains()
    {
        Module model = StructureTestKit.Model("cnn", 51);
        ChannelGraph graph = ChannelGraph.Build(model);
        for (int c = 0; c < 16; c++)
        {
            ChannelSurgery.Kill(graph.Groups[0], 2 * c);
        }

        ChannelSurgery.Shrink(graph);
        model.Train();
        var optimizer = new Sprig.Optim.Sgd(model.Parameters(), 0.05f);
        var loss = new SoftmaxCrossEntropy();
        Tensor input = StructureTestKit.Input(8, 52);
        int[] labels = [0, 1, 2, 3, 4, 5, 6, 7];
        float first = 0;
        float last = 0;
        for (int step = 0; step < 10; step++)
        {
            model.ZeroGrad();
            last = loss.Forward(model.Forward(input), labels);
            first = step == 0 ? last : first;
            model.Backward(loss.Backward());
            optimizer.Step();
            foreach (var p in model.Parameters())
            {
                p.ApplyMask();
            }
        }

        Assert.True(last < first, $"loss {first} -> {last}");
        Assert.Equal(16, graph.Groups[0].Channels);
    }
}
