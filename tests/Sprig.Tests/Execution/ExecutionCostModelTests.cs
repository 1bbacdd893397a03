using Sprig.Execution;

namespace Sprig.Tests.Execution;

public class ExecutionCostModelTests
{
    public static TheoryData<string> Tiers => ["avx512", "avx2"];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void BreakEven_OfAWideLayer_LiesWhereTheKernelsMeasuredIt(string tier)
    {
        // bench spmm, 1024×1024 at batch 128: dense is faster at 50% on every tier, sparse at 80% and above.
        ExecutionCostModel.Rates rates = tier == "avx512" ? ExecutionCostModel.Avx512Rates : ExecutionCostModel.Avx2Rates;
        const int Size = 1024;
        const int Batch = 128;
        double dense = ExecutionCostModel.DenseSeconds(Size, Size, Batch, rates);
        double SparseAt(double sparsity) => ExecutionCostModel.SparseSeconds(Size, Size, Batch, (long)(Size * Size * (1 - sparsity)), rates);

        Assert.True(SparseAt(0.5) > dense);
        Assert.True(SparseAt(0.8) < dense);
        Assert.True(SparseAt(0.9) < SparseAt(0.8));
    }
}
