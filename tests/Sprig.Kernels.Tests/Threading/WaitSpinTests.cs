using System.Diagnostics;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Tests.Threading;

public class WaitSpinTests
{
    [Fact]
    public void Until_IsTrueOnceTheConditionHolds()
    {
        int calls = 0;
        Assert.True(WaitSpin.Until(new int[1], _ => ++calls >= 3, WaitSpin.JoinMicroseconds * 1000));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Until_GivesUpWhenTheTimeRunsOut() =>
        Assert.False(WaitSpin.Until(new int[1], _ => false, 1));

    [Fact]
    public void CompletesBurst_OnlyWhenTheEarlierTimeOutsFellWithinTheWindow()
    {
        long window = Stopwatch.Frequency * WaitSpin.TimeoutWindowMilliseconds / 1000;
        long now = 1_000 * window;
        Assert.False(WaitSpin.CompletesBurst(0, now));
        Assert.False(WaitSpin.CompletesBurst(now - window, now));
        Assert.False(WaitSpin.CompletesBurst(now - (5 * window), now));
        Assert.True(WaitSpin.CompletesBurst(now - (window / 2), now));
        Assert.True(WaitSpin.CompletesBurst(now, now));
    }

    [Fact]
    public void JoinTimedOut_ABurst_TurnsSpinningOff()
    {
        // Time stamps one tick apart, long past, so the burst does not depend on this test's own timing. Process-wide,
        // like BackOff: tests running alongside lose their spinning for 100 ms, which changes timing only.
        for (int i = 0; i < WaitSpin.TimeoutsToBackOff; i++)
        {
            WaitSpin.JoinTimedOut(1_000 + i);
        }

        Assert.False(WaitSpin.Enabled);
    }

    [Fact]
    public void BackOff_TurnsSpinningOff()
    {
        // Process-wide: tests running alongside lose their spinning for 100 ms, which changes timing only.
        WaitSpin.BackOff();
        Assert.False(WaitSpin.Enabled);
    }
}
