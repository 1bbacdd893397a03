using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Rectified linear unit, <c>max(x, 0)</c>.</summary>
public sealed class ReLU : Module
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>The output of the last forward pass (used by activity scores such as APoZ).</summary>
    public Tensor? LastOutput => _output;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _output = Tensor.Reuse(_output, input.Shape);
        System.Numerics.Tensors.TensorPrimitives.Max(input.Span, 0f, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor output = _output ?? throw new InvalidOperationException("Backward called before Forward.");
        if (outputGradient.Length != output.Length)
        {
            throw new ArgumentException($"Gradient {outputGradient} does not match the output {output}.", nameof(outputGradient));
        }

        _inputGradient = Tensor.Reuse(_inputGradient, output.Shape);
        PassWherePositive(output.Span, outputGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }

    /// <summary><c>dx[i] = y[i] &gt; 0 ? dy[i] : 0</c>, vectorised (this runs over every activation of every step).</summary>
    private static void PassWherePositive(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float dyRef = ref MemoryMarshal.GetReference(dy);
        ref float dxRef = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= dx.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> positive = Vector.GreaterThan(Vector.LoadUnsafe(ref yRef, (nuint)i), Vector<float>.Zero).As<int, float>();
                Vector.BitwiseAnd(Vector.LoadUnsafe(ref dyRef, (nuint)i), positive).StoreUnsafe(ref dxRef, (nuint)i);
            }
        }

        for (; i < dx.Length; i++)
        {
            Unsafe.Add(ref dxRef, i) = Unsafe.Add(ref yRef, i) > 0f ? Unsafe.Add(ref dyRef, i) : 0f;
        }
    }
}
