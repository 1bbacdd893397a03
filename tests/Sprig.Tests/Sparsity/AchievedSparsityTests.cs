using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Sparsity.Methods;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class AchievedSparsityTests
{
    private static readonly int[][] s_lenetShapes = [[6, 1, 5, 5], [16, 6, 5, 5], [120, 256], [84, 120], [10, 84]];

    public static TheoryData<string, double> Requests()
    {
        var data = new TheoryData<string, double>();
        foreach (string budget in new[] { "uniform", "er", "erk", "global" })
        {
            foreach (double sparsity in new[] { 0.5, 0.8, 0.9, 0.95, 0.98 })
            {
                data.Add(budget, sparsity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void AchievedSparsityEqualsTheRequestWithinOneWeightPerLayer(string budget, double sparsity)
    {
        ParameterHolder model = SparsityTestKit.Holder(s_lenetShapes);
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "static", Sparsity = sparsity, Budget = budget });
        method.Attach(model, new Sgd(model.Parameters(), 0.1f), new TrainingSchedule(1, 1), new Rng(3));

        SparsityReport report = SparsityReport.Measure(model);
        var layers = PrunableWeight.Of(model);
        Assert.True(Math.Abs(report.Sparsity - sparsity) * report.Parameters <= layers.Count, $"{budget} {sparsity}: got {report.Sparsity}");
        if (budget != "global")
        {
            int[] expected = ((MaskedSparsityMethod)method).Budget.KeepCounts(layers, null, sparsity);
            Assert.Equal(expected, report.Layers.Select(l => (int)l.Nonzeros).ToArray());
        }

        Assert.All(report.Layers, l => Assert.True(l.Nonzeros >= 1));
        if (budget == "uniform")
        {
            Assert.All(report.Layers, l => Assert.True(Math.Abs(l.Sparsity - sparsity) * l.Parameters <= 1));
        }
    }

    [Fact]
    public void BlockMasksOnConvWeightsKeepWholeBlocks()
    {
        ParameterHolder model = SparsityTestKit.Holder([16, 8, 3, 3]);
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "static", Sparsity = 0.75, Budget = "uniform", Granularity = "block", Block = "4x4" });
        method.Attach(model, new Sgd(model.Parameters(), 0.1f), new TrainingSchedule(1, 1), new Rng(3));
        float[] mask = model.Parameters()[0].Mask!;
        for (int r = 0; r < 16; r += 4)
        {
            for (int c = 0; c < 72; c += 4)
            {
                float first = mask[(r * 72) + c];
                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        Assert.Equal(first, mask[((r + i) * 72) + c + j]);
                    }
                }
            }
        }

        Assert.Equal(0.75, SparsityReport.Measure(model).Sparsity, 12);
    }

    [Fact]
    public void LotteryTicketStateRoundTrips()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        var run = new TrainingSchedule(4, 2);
        var first = (LotteryTicketMethod)SparsityMethodFactory.Create(new SparsityOptions { Method = "imp", Sparsity = 0.5, Rounds = 1 });
        first.Attach(model, new Sgd(model.Parameters(), 0.1f), run, new Rng(1));
        var saved = first.SaveState();
        var savedTensors = first.SaveTensors();

        Sequential other = SparsityTestKit.Mlp(2);
        var second = (LotteryTicketMethod)SparsityMethodFactory.Create(new SparsityOptions { Method = "imp", Sparsity = 0.5, Rounds = 1 });
        second.Attach(other, new Sgd(other.Parameters(), 0.1f), run, new Rng(1));
        second.LoadTensors(savedTensors);
        second.LoadState(saved);
        second.OnEpochEnd(2); // prunes and rewinds to the first model's initial weights
        Assert.Equal(1, second.RoundsDone);
        float[] mask = PrunableWeight.Of(other)[0].Parameter.Mask!;
        Assert.Equal(savedTensors["imp.snapshot.0.weight"].Data.Select((v, i) => v * mask[i]), other.StateDict()["0.weight"].Span.ToArray());
    }

    [Fact]
    public void NOfMStateRestoresTheDenseCopies()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        float[] dense = model.StateDict()["0.weight"].Span.ToArray();
        var method = (NmSparseMethod)SparsityMethodFactory.Create(new SparsityOptions { Method = "nm", NM = "1:4" });
        method.Attach(model, new Sgd(model.Parameters(), 0.1f), new TrainingSchedule(1, 1), new Rng(1));
        var saved = method.SaveTensors();

        Sequential other = SparsityTestKit.Mlp(2);
        var restored = new NmSparseMethod(Sprig.Sparsity.Masks.MaskPattern.NOfM(1, 4));
        restored.Attach(other, new Sgd(other.Parameters(), 0.1f), new TrainingSchedule(1, 1), new Rng(1));
        restored.LoadTensors(saved);
        Assert.Equal(model.StateDict()["0.weight"].Span.ToArray(), other.StateDict()["0.weight"].Span.ToArray());
        Assert.Equal(dense, restored.SaveTensors()["nm.dense.0.weight"].Data);
        Assert.Throws<SprigException>(() => restored.LoadTensors(new Dictionary<string, Tensor>()));
    }
}
