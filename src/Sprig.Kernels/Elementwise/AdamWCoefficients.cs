namespace Sprig.Kernels.Elementwise;

/// <summary>The scalars of one <see cref="AdamWUpdate.Step(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in AdamWCoefficients)"/>.</summary>
/// <param name="Decay">The weight factor <c>1 − η·λ</c> (1 skips the decay).</param>
/// <param name="Beta1">β₁.</param>
/// <param name="Beta2">β₂.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="RootCorrection2"><c>1/√(1 − β₂ᵗ)</c>.</param>
/// <param name="StepScale"><c>−η/(1 − β₁ᵗ)</c>.</param>
public readonly record struct AdamWCoefficients(float Decay, float Beta1, float Beta2, float Epsilon, float RootCorrection2, float StepScale);
