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
    public void BackOff_TurnsSpinningOff()
    {
        // Process-wide: tests running alongside lose their spinning for 100 ms, which changes timing only.
        WaitSpin.BackOff();
        Assert.False(WaitSpin.Enabled);
    }
}
