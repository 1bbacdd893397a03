namespace Sprig.Kernels.Threading;

/// <summary>Work split into numbered parts that may run on different threads at the same time.</summary>
internal interface IKernelWorkItem
{
    /// <summary>Runs part <paramref name="part"/>; parts must touch disjoint outputs.</summary>
    public void Execute(int part);
}
