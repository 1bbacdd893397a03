using FsCheck;
using Microsoft.FSharp.Core;

namespace Sprig.Tests.Common;

/// <summary>
/// FsCheck settings for the fuzz tests: a fixed seed (override with <c>SPRIG_FUZZ_SEED</c>) so a run is repeatable
/// and a failure seen once is seen again.
/// </summary>
internal static class Fuzzing
{
    public static Config Config(int cases)
    {
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("SPRIG_FUZZ_SEED"), out ulong given) ? given : 20261122UL;
        return FsCheck.Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
    }
}
