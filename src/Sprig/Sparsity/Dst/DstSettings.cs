namespace Sprig.Sparsity.Dst;

/// <summary>The knobs every dynamic sparse method shares; each method documents which it reads.</summary>
/// <param name="UpdateEvery">ΔT, steps between mask updates (step-based methods).</param>
/// <param name="DropFraction">The initial drop or prune fraction: RigL's α, SET's ζ, SNFS/GraNet's p₀, MEST's grow fraction.</param>
/// <param name="UpdateEnd">T_end as a fraction of the run: no mask updates from then on.</param>
/// <param name="Growth">What ranks the empty positions to regrow.</param>
/// <param name="RegrowStd">Standard deviation of a regrown weight's initial value; 0 starts it at zero.</param>
public sealed record DstSettings(int UpdateEvery, double DropFraction, double UpdateEnd, GrowthMode Growth, float RegrowStd = 0f)
{
    /// <summary>T_end in steps for a run of <paramref name="schedule"/>.</summary>
    public long UpdateEndStep(TrainingSchedule schedule) => (long)Math.Floor(UpdateEnd * schedule.TotalSteps);
}
