using Sprig.Execution;

namespace Sprig.Tests.Execution;

public class ExecutionCostModelTests
{
    [Fact]
    public void Crossover_OfAWideLayer_LiesWhereTheKernelsMeasuredIt()
    {
        // bench spmm, 1024×1024 at batch 128: dense is faster at 50% on every tier, sparse at 80% and above.
        const int Size = 1024;
        const int Batch = 128;
        double dense = ExecutionCostModel.DenseSeconds(Size, Size, Batch);
        double SparseAt(double sparsity) => ExecutionCostModel.SparseSeconds(Size, Size, Batch, (long)(Size * Size * (1 - sparsity)));

        Assert.True(SparseAt(0.5) > dense);
        Assert.True(SparseAt(0.8) < dense);
        Assert.True(SparseAt(0.9) < SparseAt(0.8));
    }
}
