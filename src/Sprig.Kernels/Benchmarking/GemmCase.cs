using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Benchmarking;

/// <summary>A named GEMM shape to measure: <c>C(m×n) = op(A)·op(B)</c> with op(A) m×k.</summary>
/// <param name="Name">Short label, e.g. <c>square</c> or <c>mlp.fc1.forward</c>.</param>
/// <param name="TransA">Whether A is read transposed.</param>
/// <param name="TransB">Whether B is read transposed.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The shared dimension.</param>
public sealed record GemmCase(string Name, Transpose TransA, Transpose TransB, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product (a multiply and an add per term).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>A short label: name, m×n×k and the transposes, e.g. <c>mlp.fc1.forward 128x300x784 NT</c>.</summary>
    /// <returns>The label.</returns>
    public override string ToString() =>
        $"{Name} {M}x{N}x{K} {(TransA == Transpose.Yes ? 'T' : 'N')}{(TransB == Transpose.Yes ? 'T' : 'N')}";

    /// <summary>The square product <c>size×size·size×size</c>.</summary>
    public static GemmCase Square(int size) => new("square", Transpose.No, Transpose.No, size, size, size);

    /// <summary>
    /// The products of one training step of the <c>mlp</c> model (784-300-100-10, batch 128) and the
    /// <c>cnn</c> model's conv2 (64 filters over 32×3×3 patches of 24×24 maps, batch 128, as one GEMM over the
    /// batch-unfolded columns) and its 9216→128 fully connected layer, as <c>Linear</c> and conv layers call them:
    /// forward <c>X·Wᵀ</c>, weight gradient <c>dYᵀ·X</c>, input gradient <c>dY·W</c>.
    /// </summary>
    public static IReadOnlyList<GemmCase> TrainingShapes { get; } =
    [
        new("mlp.fc1.forward", Transpose.No, Transpose.Yes, 128, 300, 784),
        new("mlp.fc1.weight_grad", Transpose.Yes, Transpose.No, 300, 784, 128),
        new("mlp.fc2.forward", Transpose.No, Transpose.Yes, 128, 100, 300),
        new("mlp.fc2.weight_grad", Transpose.Yes, Transpose.No, 100, 300, 128),
        new("mlp.fc2.input_grad", Transpose.No, Transpose.No, 128, 300, 100),
        new("cnn.conv2.forward", Transpose.No, Transpose.No, 64, 128 * 24 * 24, 288),
        new("cnn.conv2.weight_grad", Transpose.No, Transpose.Yes, 64, 288, 128 * 24 * 24),
        new("cnn.conv2.input_grad", Transpose.Yes, Transpose.No, 288, 128 * 24 * 24, 64),
        new("cnn.fc.forward", Transpose.No, Transpose.Yes, 128, 128, 9216),
        new("cnn.fc.weight_grad", Transpose.Yes, Transpose.No, 128, 9216, 128),
        new("cnn.fc.input_grad", Transpose.No, Transpose.No, 128, 9216, 128),
    ];

    /// <summary>Squares 256, 512, 1024, 2048 followed by <see cref="TrainingShapes"/>.</summary>
    public static IReadOnlyList<GemmCase> Standard { get; } =
        [Square(256), Square(512), Square(1024), Square(2048), .. TrainingShapes];
}
