using System.Diagnostics;
using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Times each pass of a linear layer [out, in] at one batch size with Sprig's dense GEMM and with
/// <see cref="SparseLinearOperator"/> at a random unstructured (or constant fan-in, or N:M) sparsity, side by side in rounds (dense, sparse,
/// dense, …) so that noise from other processes hits both; reports medians. Dense and sparse take the activations in
/// the same <see cref="ActivationLayout"/>.
/// </summary>
public sealed class SparseLinearBenchmark
{
    // Each timed sample runs a pass often enough to last about this long, so timer resolution does not matter.
    private const double SampleSeconds = 0.001;

    private readonly int _out;
    private readonly int _in;
    private readonly int _batch;
    private readonly float[] _mask;
    private readonly float[] _weight;
    private readonly float[] _x;
    private readonly float[] _dy;
    private readonly float[] _y;
    private readonly float[] _dx;
    private readonly float[] _dw;
    private readonly float[] _entries;
    private readonly SparseLinearOperator _sparse;
    private readonly bool _featureMajor;

    // The feature-major operands (empty in the batch-major layout), aligned as SparseLinearOperator's own (see AlignedFloats).
    private readonly AlignedFloats _xT;
    private readonly AlignedFloats _dyT;
    private readonly AlignedFloats _yT;
    private readonly AlignedFloats _dxT;

    /// <summary>Prepares seeded data for a layer with the given shape and sparsity.</summary>
    /// <param name="outFeatures">Rows of W.</param>
    /// <param name="inFeatures">Columns of W.</param>
    /// <param name="batch">The batch size.</param>
    /// <param name="sparsity">The fraction of zeros in W.</param>
    /// <param name="constantFanIn">Keep the same number of weights in every row (SRigL's condensed layout) instead of a uniform random mask.</param>
    /// <param name="seed">Seed of the mask and the data.</param>
    /// <param name="nm">An N:M mask (N random positions in every M consecutive inputs) run on <see cref="NmWeights"/>; <paramref name="sparsity"/> is then ignored.</param>
    /// <param name="layout">The activations' layout, for dense and sparse alike.</param>
    public SparseLinearBenchmark(
        int outFeatures, int inFeatures, int batch, double sparsity, bool constantFanIn = false, int seed = 1, (int N, int M)? nm = null, ActivationLayout layout = ActivationLayout.BatchMajor)
    {
        _featureMajor = layout == ActivationLayout.FeatureMajor;
        _out = outFeatures;
        _in = inFeatures;
        _batch = batch;
        var random = new Random(seed);
        float[] mask = _mask = nm is { } g ? NmMask(outFeatures, inFeatures, g.N, g.M, random)
            : constantFanIn ? ConstantFanInMask(outFeatures, inFeatures, sparsity, random)
            : UniformMask(outFeatures * inFeatures, sparsity, random);
        _weight = new float[mask.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            _weight[i] = mask[i] * (float)((random.NextDouble() * 2) - 1);
        }

        _x = Uniform(batch * inFeatures, random);
        _dy = Uniform(batch * outFeatures, random);
        _y = new float[batch * outFeatures];
        _dx = new float[batch * inFeatures];
        _dw = new float[mask.Length];
        _sparse = new SparseLinearOperator(nm is { } n
            ? new NmWeights(outFeatures, inFeatures, n.N, n.M, mask)
            : new SparseWeights(outFeatures, inFeatures, mask));
        _entries = new float[_sparse.Weights.EntryCount];
        _xT = _featureMajor ? FeatureMajor(_x, batch, inFeatures) : new AlignedFloats(0);
        _dyT = _featureMajor ? FeatureMajor(_dy, batch, outFeatures) : new AlignedFloats(0);
        _yT = new AlignedFloats(_featureMajor ? _y.Length : 0);
        _dxT = new AlignedFloats(_featureMajor ? _dx.Length : 0);
        _sparse.SetWeights(_weight);
        if (!_featureMajor)
        {
            // The backward passes of the operator need a forward pass first (its batch and the Xᵀ it keeps).
            _sparse.Forward(_x, batch, _y);
            _sparse.TransposeOutputGradient(_dy);
        }
    }

    /// <summary>The achieved sparsity of the random mask.</summary>
    public double Sparsity => _sparse.Weights.Sparsity;

    /// <summary>Y as the last forward pass left it, in the benchmark's layout (tests).</summary>
    internal ReadOnlySpan<float> Output => _featureMajor ? _yT.Span : _y;

    /// <summary>dX as the last input-gradient pass left it, in the benchmark's layout (tests).</summary>
    internal ReadOnlySpan<float> InputGradient => _featureMajor ? _dxT.Span : _dx;

    /// <summary>The weight gradient the dense passes accumulate into, [out, in] (tests).</summary>
    internal float[] DenseWeightGradient => _dw;

    /// <summary>The weight gradient the sparse passes accumulate into, one value per nonzero of the mask in row-major order (tests).</summary>
    internal float[] SparseWeightGradient => _entries;

    /// <summary>The mask of W, [out, in] (tests).</summary>
    internal ReadOnlySpan<float> Mask => _mask;

    /// <summary>Median seconds per call of <paramref name="pass"/>, dense and sparse, over <paramref name="rounds"/> rounds.</summary>
    public (double Dense, double Sparse) Measure(SparseLinearPass pass, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        int denseCalls = Calls(pass, sparse: false);
        int sparseCalls = Calls(pass, sparse: true);
        var dense = new double[rounds];
        var sparse = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            dense[r] = Time(pass, sparse: false, denseCalls) / denseCalls;
            sparse[r] = Time(pass, sparse: true, sparseCalls) / sparseCalls;
        }

        return (Median(dense), Median(sparse));
    }

    /// <summary>Runs one pass once.</summary>
    public void Run(SparseLinearPass pass, bool sparse)
    {
        if (pass == SparseLinearPass.Total && !sparse)
        {
            // A training step clears the weight-sized gradient before accumulating into it.
            Array.Clear(_dw);
            Run(SparseLinearPass.Forward, sparse: false);
            Run(SparseLinearPass.BackwardInput, sparse: false);
            Run(SparseLinearPass.BackwardWeight, sparse: false);
            return;
        }

        if (_featureMajor)
        {
            RunFeatureMajor(pass, sparse);
            return;
        }

        switch (pass, sparse)
        {
            case (SparseLinearPass.Forward, false):
                Gemm.Multiply(Transpose.No, Transpose.Yes, _batch, _out, _in, _x, _in, _weight, _in, _y, _out);
                break;
            case (SparseLinearPass.BackwardInput, false):
                Gemm.Multiply(Transpose.No, Transpose.No, _batch, _in, _out, _dy, _out, _weight, _in, _dx, _in);
                break;
            case (SparseLinearPass.BackwardWeight, false):
                Gemm.Multiply(Transpose.Yes, Transpose.No, _out, _in, _batch, _dy, _out, _x, _in, _dw, _in, accumulate: true);
                break;
            case (SparseLinearPass.Forward, true):
                // Inference: the values were taken from the weights once (a training step takes them again: Total).
                _sparse.Forward(_x, _batch, _y);
                break;
            case (SparseLinearPass.BackwardInput, true):
                _sparse.TransposeOutputGradient(_dy);
                _sparse.InputGradient(_dx);
                break;
            case (SparseLinearPass.BackwardWeight, true):
                // Accumulates, as the dense pass does; the clear of a training step is in Total.
                _sparse.BackwardToEntries(_dy, _entries, []);
                break;
            case (SparseLinearPass.Total, true):
                // A training step clears the gradient and takes the weights the optimizer has just moved.
                Array.Clear(_entries);
                _sparse.SetWeights(_weight);
                _sparse.Forward(_x, _batch, _y);
                _sparse.BackwardToEntries(_dy, _entries, _dx);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pass));
        }
    }

    /// <summary>
    /// The passes on [features, batch] activations: W·X, Wᵀ·dY and dY·Xᵀ, with no transposes on either side (the dense
    /// step is in <see cref="Run"/>).
    /// </summary>
    private void RunFeatureMajor(SparseLinearPass pass, bool sparse)
    {
        ISparseWeights weights = _sparse.Weights;
        switch (pass, sparse)
        {
            case (SparseLinearPass.Forward, false):
                Gemm.Multiply(Transpose.No, Transpose.No, _out, _batch, _in, _weight, _in, _xT.Span, _batch, _yT.Span, _batch);
                break;
            case (SparseLinearPass.BackwardInput, false):
                Gemm.Multiply(Transpose.Yes, Transpose.No, _in, _batch, _out, _weight, _in, _dyT.Span, _batch, _dxT.Span, _batch);
                break;
            case (SparseLinearPass.BackwardWeight, false):
                Gemm.Multiply(Transpose.No, Transpose.Yes, _out, _in, _batch, _dyT.Span, _batch, _xT.Span, _batch, _dw, _in, accumulate: true);
                break;
            case (SparseLinearPass.Forward, true):
                weights.Multiply(_xT.Span, _batch, _yT.Span);
                break;
            case (SparseLinearPass.BackwardInput, true):
                weights.MultiplyTransposed(_dyT.Span, _batch, _dxT.Span);
                break;
            case (SparseLinearPass.BackwardWeight, true):
                weights.AddSampledProductToEntries(_dyT.Span, _xT.Span, _batch, _entries);
                break;
            case (SparseLinearPass.Total, true):
                Array.Clear(_entries);
                weights.SetWeights(_weight);
                weights.Multiply(_xT.Span, _batch, _yT.Span);
                weights.BackwardToEntries(_dyT.Span, _xT.Span, _batch, _entries, _dxT.Span);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pass));
        }
    }

    private int Calls(SparseLinearPass pass, bool sparse)
    {
        double once = Time(pass, sparse, 1);
        once = Math.Min(once, Time(pass, sparse, 1));
        return (int)Math.Clamp(SampleSeconds / Math.Max(once, 1e-9), 1, 100_000);
    }

    private double Time(SparseLinearPass pass, bool sparse, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            Run(pass, sparse);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(double[] samples)
    {
        Array.Sort(samples);
        int n = samples.Length;
        return n % 2 == 1 ? samples[n / 2] : (samples[(n / 2) - 1] + samples[n / 2]) / 2;
    }

    private static float[] UniformMask(int length, double sparsity, Random random)
    {
        var mask = new float[length];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() >= sparsity ? 1f : 0f;
        }

        return mask;
    }

    private static float[] ConstantFanInMask(int rows, int columns, double sparsity, Random random) =>
        KeepPerSpan(rows * columns, columns, (int)Math.Round((1 - sparsity) * columns), random);

    private static float[] NmMask(int rows, int columns, int n, int m, Random random) =>
        columns % m == 0 ? KeepPerSpan(rows * columns, m, n, random) : throw new ArgumentException($"An {n}:{m} mask needs the inputs ({columns}) to be a multiple of {m}.");

    /// <summary>A mask that keeps <paramref name="keep"/> random positions in every span of <paramref name="span"/> elements.</summary>
    private static float[] KeepPerSpan(int length, int span, int keep, Random random)
    {
        var mask = new float[length];
        int[] order = new int[span];
        for (int start = 0; start < length; start += span)
        {
            for (int c = 0; c < span; c++)
            {
                order[c] = c;
            }

            random.Shuffle(order);
            for (int k = 0; k < keep; k++)
            {
                mask[start + order[k]] = 1f;
            }
        }

        return mask;
    }

    /// <summary>An aligned [columns, rows] copy of the row-major [rows, columns] <paramref name="matrix"/>.</summary>
    private static AlignedFloats FeatureMajor(float[] matrix, int rows, int columns)
    {
        var transposed = new AlignedFloats(matrix.Length);
        MatrixTranspose.Apply(rows, columns, matrix, transposed.Span);
        return transposed;
    }

    private static float[] Uniform(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
