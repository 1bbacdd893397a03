namespace Sprig.Kernels.Threading;

/// <summary>
/// Work over independent items 0..count-1 (elements, planes, columns, rows) that <see cref="ParallelRange{TKernel}"/>
/// may cut into chunks anywhere: every item's result must depend on that item alone, never on the chunking.
/// </summary>
internal interface IRangeKernel
{
    /// <summary>Processes items <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public void Run(int start, int end);
}
