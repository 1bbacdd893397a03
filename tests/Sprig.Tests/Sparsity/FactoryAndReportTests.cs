using Sprig.Nn;
using Sprig.Sparsity;
using Sprig.Sparsity.Methods;

namespace Sprig.Tests.Sparsity;

public sealed class FactoryAndReportTests
{
    [Theory]
    [InlineData("dense", typeof(DenseMethod))]
    [InlineData("static", typeof(StaticSparseMethod))]
    [InlineData("snip", typeof(StaticSparseMethod))]
    [InlineData("grasp", typeof(StaticSparseMethod))]
    [InlineData("gmp", typeof(ScheduledPruningMethod))]
    [InlineData("oneshot", typeof(ScheduledPruningMethod))]
    [InlineData("imp", typeof(LotteryTicketMethod))]
    [InlineData("lth", typeof(LotteryTicketMethod))]
    [InlineData("nm", typeof(NmSparseMethod))]
    public void CreatesEveryMethod(string name, Type type)
    {
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = name, Sparsity = 0.5 });
        Assert.IsType(type, method);
    }

    public static TheoryData<SparsityOptions> BadOptions() =>
    [
        new SparsityOptions { Method = "rigl2" },
        new SparsityOptions { Method = "static", Sparsity = 1.0 },
        new SparsityOptions { Method = "static", Sparsity = -0.5 },
        new SparsityOptions { Method = "static", Sparsity = double.NaN },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Budget = "erk2" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Score = "entropy" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Granularity = "kernel" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Granularity = "block", Block = "4" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Granularity = "channel", NM = "2:4" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Regularizer = "l0" },
        new SparsityOptions { Method = "static", Sparsity = 0.5, Regularizer = "l1", RegularizerStrength = -1 },
        new SparsityOptions { Method = "static", Sparsity = 0.5, ErkPowerScale = -1 },
        new SparsityOptions { Method = "nm", NM = "4:4" },
        new SparsityOptions { Method = "nm", NM = "2:4", Regularizer = "l1" },
        new SparsityOptions { Method = "snip", Sparsity = 0.5, Score = "magnitude" },
        new SparsityOptions { Method = "gmp", Sparsity = 0.5, PruneEvery = 0 },
        new SparsityOptions { Method = "gmp", Sparsity = 0.5, PruneStartEpoch = -1 },
        new SparsityOptions { Method = "gmp", Sparsity = 0.5, NM = "2:4" },
        new SparsityOptions { Method = "imp", Sparsity = 0.5, Rounds = -1 },
        new SparsityOptions { Method = "imp", Sparsity = 0.5, Score = "taylor" },
    ];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void RejectsBadOptionsWithOneLineErrors(SparsityOptions options)
    {
        var e = Assert.Throws<SprigException>(() => SparsityMethodFactory.Create(options));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RejectsSchedulesThatDoNotFitTheRun()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        var sgd = new Sprig.Optim.Sgd(model.Parameters(), 0.1f);
        var run = new TrainingSchedule(Epochs: 4, StepsPerEpoch: 10);
        SparsityMethod gmp = SparsityMethodFactory.Create(new SparsityOptions { Method = "gmp", Sparsity = 0.5, PruneEndEpoch = 5 });
        Assert.Throws<SprigException>(() => gmp.Attach(model, sgd, run, new Tensors.Rng(1)));
        SparsityMethod imp = SparsityMethodFactory.Create(new SparsityOptions { Method = "imp", Sparsity = 0.5, Rounds = 4 });
        Assert.Throws<SprigException>(() => imp.Attach(model, sgd, run, new Tensors.Rng(1)));
        SparsityMethod rewindLate = SparsityMethodFactory.Create(new SparsityOptions { Method = "imp", Sparsity = 0.5, Rounds = 1, RewindEpoch = 2 });
        Assert.Throws<SprigException>(() => rewindLate.Attach(model, sgd, run, new Tensors.Rng(1)));
    }

    [Fact]
    public void ReportCountsZerosPerLayerAndOverall()
    {
        ParameterHolder holder = SparsityTestKit.Holder([2, 3], [4, 1, 1, 1]);
        holder.Parameters()[0].Value.Span[..3].Clear();
        SparsityReport report = SparsityReport.Measure(holder);
        Assert.Equal(["0.weight", "1.weight"], report.Layers.Select(l => l.Name));
        Assert.Equal([4, 1, 1, 1], report.Layers[1].Shape);
        Assert.Equal(0.5, report.Layers[0].Sparsity);
        Assert.Equal(0.0, report.Layers[1].Sparsity);
        Assert.Equal(10, report.Parameters);
        Assert.Equal(7, report.Nonzeros);
        Assert.Equal(0.3, report.Sparsity, 12);
    }
}
