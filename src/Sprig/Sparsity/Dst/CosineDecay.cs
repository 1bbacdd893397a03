namespace Sprig.Sparsity.Dst;

/// <summary>
/// A cosine-annealed fraction: f(t) = f_end + (f₀ − f_end)·(1 + cos(π·t/T))/2 for t &lt; T and f_end after. With
/// f_end = 0 this is RigL's drop fraction (α/2)(1 + cos(πt/T_end)); with 0.5 → 0.005 over the whole run it is the
/// prune rate of SNFS and GraNet (a per-iteration CosineAnnealingLR in their PyTorch code).
/// </summary>
public sealed class CosineDecay
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="SprigException">A fraction is outside [0, 1] or the length is below 1 step.</exception>
    public CosineDecay(double initial, double final, long length)
    {
        if (!(initial is >= 0 and <= 1) || !(final is >= 0 and <= 1))
        {
            throw new SprigException($"a cosine-decayed fraction must start and end in [0, 1], got {initial:R} → {final:R}");
        }

        if (length < 1)
        {
            throw new SprigException($"a cosine decay needs at least 1 step, got {length}");
        }

        Initial = initial;
        Final = final;
        Length = length;
    }

    /// <summary>f₀, the value at step 0.</summary>
    public double Initial { get; }

    /// <summary>f_end, the value from step <see cref="Length"/> on.</summary>
    public double Final { get; }

    /// <summary>T, the number of steps of the decay.</summary>
    public long Length { get; }

    /// <summary>The fraction at step <paramref name="step"/>.</summary>
    public double At(long step) =>
        step >= Length ? Final : Final + ((Initial - Final) * (1 + Math.Cos(Math.PI * Math.Max(0, step) / Length)) / 2);
}
