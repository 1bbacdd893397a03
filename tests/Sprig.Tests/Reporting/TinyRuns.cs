using Sprig.Sparsity;
using Sprig.Training;

namespace Sprig.Tests.Reporting;

/// <summary>Trains tiny runs on synthetic data (well under a second each) for report and sweep tests.</summary>
internal static class TinyRuns
{
    public static TrainingOptions Options(string method, double sparsity, string granularity = "element") => new()
    {
        Model = "lenet5",
        Dataset = "synthetic",
        Epochs = 2,
        BatchSize = 64,
        TrainLimit = 192,
        TestLimit = 64,
        Threads = 1,
        Sparsity = new SparsityOptions { Method = method, Sparsity = sparsity, Granularity = granularity },
    };

    public static string Train(string root, string name, TrainingOptions options)
    {
        string directory = Path.Combine(root, name);
        Trainer.Create(options, directory, SilentObserver.Instance).Run();
        return directory;
    }
}
