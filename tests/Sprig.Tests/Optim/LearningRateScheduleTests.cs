using Sprig.Optim;
using Sprig.Sparsity;

namespace Sprig.Tests.Optim;

public class LearningRateScheduleTests
{
    private static readonly TrainingSchedule s_run = new(Epochs: 10, StepsPerEpoch: 100);

    [Fact]
    public void Constant_NeverChanges()
    {
        var schedule = new ConstantSchedule(0.1f);

        Assert.Equal(0.1f, schedule.At(0, s_run));
        Assert.Equal(0.1f, schedule.At(999, s_run));
    }

    [Fact]
    public void Step_DecaysEveryKEpochs()
    {
        var schedule = new StepSchedule(1f, everyEpochs: 3, gamma: 0.1f);

        Assert.Equal(1f, schedule.At(299, s_run));
        Assert.Equal(0.1f, schedule.At(300, s_run), 6);
        Assert.Equal(0.01f, schedule.At(600, s_run), 6);
    }

    [Fact]
    public void MultiStep_DecaysAtEachMilestone()
    {
        var schedule = new MultiStepSchedule(1f, [7, 2], 0.5f);

        Assert.Equal(1f, schedule.At(199, s_run));
        Assert.Equal(0.5f, schedule.At(200, s_run));
        Assert.Equal(0.5f, schedule.At(699, s_run));
        Assert.Equal(0.25f, schedule.At(700, s_run));
    }

    [Fact]
    public void Cosine_AnnealsPerStepToZero()
    {
        var schedule = new CosineSchedule(2f);

        Assert.Equal(2f, schedule.At(0, s_run));
        Assert.Equal(1f, schedule.At(500, s_run), 6);
        Assert.Equal(2f * 0.5f * (1f + MathF.Cos(MathF.PI * 0.001f)), schedule.At(1, s_run), 6);
        Assert.Equal(0f, schedule.At(1000, s_run), 6);
    }

    [Fact]
    public void Warmup_RampsLinearlyThenFollowsInner()
    {
        var schedule = new WarmupSchedule(new StepSchedule(1f, 1, 0.5f), warmupSteps: 4);

        Assert.Equal(0.25f, schedule.At(0, s_run));
        Assert.Equal(0.75f, schedule.At(2, s_run));
        Assert.Equal(1f, schedule.At(4, s_run));
        Assert.Equal(0.5f, schedule.At(100, s_run));
    }

    [Fact]
    public void InvalidArguments_ThrowOneLineErrors()
    {
        Assert.Throws<SprigException>(() => new StepSchedule(1f, 0, 0.1f));
        Assert.Throws<SprigException>(() => new MultiStepSchedule(1f, [-1], 0.1f));
        Assert.Throws<SprigException>(() => new WarmupSchedule(new ConstantSchedule(1f), -1));
    }
}
