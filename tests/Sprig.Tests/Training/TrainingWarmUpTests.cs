using Sprig.Models;
using Sprig.Sparsity;
using Sprig.Training;

namespace Sprig.Tests.Training;

public class TrainingWarmUpTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string model in ModelZoo.Names)
        {
            cases.Add(model, "dense");
            cases.Add(model, "static");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_RunsForEveryModel_DenseAndOnTheSparseKernels(string model, string method)
    {
        // Start swallows failures (a warm-up must not stop a run), so the step is checked here directly.
        var options = new TrainingOptions
        {
            Model = model,
            BatchSize = 16,
            Execution = method == "dense" ? "auto" : "sparse",
            Sparsity = new SparsityOptions { Method = method, Sparsity = method == "dense" ? 0 : 0.9 },
        };

        Assert.True(float.IsFinite(TrainingWarmUp.Step(options)));
    }
}
