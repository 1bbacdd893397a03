using System.Globalization;

namespace Sprig.Sparsity.Chase;

/// <summary>
/// Chase's schedule in optimizer steps: when weights and channels are updated and by how much. The reference runs
/// 160 CIFAR epochs with ΔT = 1000 steps (about 80 updates), channel events every 8000 steps (VGG) or 1000
/// (ResNet-50) up to epoch 130, and phase B in the last 30 epochs. Short runs keep those proportions: by default
/// ΔT = T/80, ΔT_c = 4·ΔT, E_stop = 3/16 of the epochs and the channel schedule ends where phase B begins.
/// </summary>
/// <param name="UpdateEvery">ΔT.</param>
/// <param name="ChannelUpdateEvery">ΔT_c.</param>
/// <param name="ChannelPruneEnd">T_c, the step at which the channel sparsity reaches its target.</param>
/// <param name="PhaseBStart">The first step of phase B (fixed-budget prune-and-regrow).</param>
/// <param name="TotalSteps">T, the last step of the run.</param>
public sealed record ChaseTimeline(long UpdateEvery, long ChannelUpdateEvery, long ChannelPruneEnd, long PhaseBStart, long TotalSteps)
{
    /// <summary>Weight updates per run at the default ΔT, as in the reference's 160 epochs of 1000-step intervals.</summary>
    public const int DefaultUpdates = 80;

    /// <summary>Resolves <paramref name="settings"/> against the run length.</summary>
    /// <exception cref="SprigException">A value is out of range for this run.</exception>
    public static ChaseTimeline For(ChaseSettings settings, TrainingSchedule run)
    {
        long total = run.TotalSteps;
        double stopEpochs = settings.DstStopEpochs ?? (run.Epochs * 3.0 / 16.0);
        if (!(stopEpochs >= 0 && stopEpochs <= run.Epochs))
        {
            throw new SprigException($"--dst-stop-epochs must be between 0 and the run's {run.Epochs} epochs, got {Format(stopEpochs)}");
        }

        double pruneEnd = settings.ChannelPruneEndEpoch ?? (run.Epochs - stopEpochs);
        if (!(pruneEnd >= 0 && pruneEnd <= run.Epochs))
        {
            throw new SprigException($"--channel-prune-end must be an epoch between 0 and {run.Epochs}, got {Format(pruneEnd)}");
        }

        long every = settings.UpdateEvery ?? Math.Max(1, total / DefaultUpdates);
        long channelEvery = settings.ChannelUpdateEvery ?? (4 * every);
        if (every < 1 || channelEvery < 1)
        {
            throw new SprigException($"--update-every and --channel-update-every must be at least 1 step, got {every} and {channelEvery}");
        }

        return new ChaseTimeline(every, channelEvery, run.StepAt(pruneEnd), run.StepAt(run.Epochs - stopEpochs), total);
    }

    /// <summary>Whether the weights are updated after <paramref name="step"/> completed steps.</summary>
    public bool IsWeightUpdate(long step) => step > 0 && step < TotalSteps && step % UpdateEvery == 0;

    /// <summary>
    /// Whether channels are pruned after <paramref name="step"/> steps: every ΔT_c, offset by ΔT/2 from the weight
    /// updates, before T_c; plus a closing event at T_c so the run reaches S_c exactly (the reference stops short).
    /// </summary>
    public bool IsChannelEvent(long step) =>
        step > 0 && step <= ChannelPruneEnd && step < TotalSteps
        && (step == ChannelPruneEnd || (step + (UpdateEvery / 2)) % ChannelUpdateEvery == 0);

    /// <summary>Whether <paramref name="step"/> is in phase B.</summary>
    public bool InPhaseB(long step) => step >= PhaseBStart;

    /// <summary>The cubic channel-sparsity schedule S_c(t) = S_c·(1 − (1 − t/T_c)³).</summary>
    public double ChannelSparsityAt(long step, double final)
    {
        if (ChannelPruneEnd <= 0 || step >= ChannelPruneEnd)
        {
            return final;
        }

        double remaining = 1.0 - ((double)step / ChannelPruneEnd);
        return final * (1.0 - (remaining * remaining * remaining));
    }

    /// <summary>Phase A's soft memory bound: density D + p₀·(1 + cos(π·t/T_A))/2, annealed to D at phase B.</summary>
    public double GrowDensityAt(long step, double density, double deathRate) =>
        PhaseBStart <= 0 ? density : density + (deathRate * (1 + Math.Cos(Math.PI * Math.Min(step, PhaseBStart) / PhaseBStart)) / 2);

    /// <summary>Phase B's prune fraction r(t), cosine from 0.5 to 0.005 over the whole run.</summary>
    public double PruneFractionAt(long step) => 0.005 + (0.495 * (1 + Math.Cos(Math.PI * Math.Min(step, TotalSteps) / Math.Max(1, TotalSteps))) / 2);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
