using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Sparse;

/// <summary>The rows of <see cref="Spmm"/> for one SIMD width (<typeparamref name="TLanes"/>).</summary>
internal static unsafe class SpmmRows<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    /// <summary>Computes rows <paramref name="first"/> .. <paramref name="end"/>-1 of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in SparseOperands op, int first, int end)
    {
        // The operands in locals: read through the `in` reference, the JIT reloaded three pointers for every nonzero.
        int* rowPointers = op.RowPointers;
        int* indices = op.Indices;
        float* values = op.Values;
        float* columnSide = op.ColumnSide;
        float* rowSide = op.RowSide;
        bool accumulate = op.Accumulate;
        int batch = op.Batch;
        nuint ld = (nuint)batch;
        int width = TLanes.Count;
        for (int r = first; r < end; r++)
        {
            int start = rowPointers[r];
            int stop = rowPointers[r + 1];
            float* c = rowSide + ((nuint)r * ld);
            if (batch == 1)
            {
                float dot = GatherDot(values, indices, columnSide, start, stop);
                *c = accumulate ? *c + dot : dot;
                continue;
            }

            int j = 0;

            // Eight vectors of C's row stay in registers across the row's nonzeros: eight independent FMA chains
            // cover the FMA latency (4 cycles × 2 ports), where four left half the FMA throughput unused.
            for (; j + (8 * width) <= batch; j += 8 * width)
            {
                ref float cj = ref c[j];
                TVector c0 = accumulate ? TLanes.Load(ref cj, 0) : TLanes.Zero;
                TVector c1 = accumulate ? TLanes.Load(ref cj, (nuint)width) : TLanes.Zero;
                TVector c2 = accumulate ? TLanes.Load(ref cj, (nuint)(2 * width)) : TLanes.Zero;
                TVector c3 = accumulate ? TLanes.Load(ref cj, (nuint)(3 * width)) : TLanes.Zero;
                TVector c4 = accumulate ? TLanes.Load(ref cj, (nuint)(4 * width)) : TLanes.Zero;
                TVector c5 = accumulate ? TLanes.Load(ref cj, (nuint)(5 * width)) : TLanes.Zero;
                TVector c6 = accumulate ? TLanes.Load(ref cj, (nuint)(6 * width)) : TLanes.Zero;
                TVector c7 = accumulate ? TLanes.Load(ref cj, (nuint)(7 * width)) : TLanes.Zero;
                for (int k = start; k < stop; k++)
                {
                    TVector w = TLanes.Broadcast(values[k]);
                    ref float bj = ref columnSide[((nuint)indices[k] * ld) + (nuint)j];
                    c0 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, 0), c0);
                    c1 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)width), c1);
                    c2 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(2 * width)), c2);
                    c3 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(3 * width)), c3);
                    c4 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(4 * width)), c4);
                    c5 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(5 * width)), c5);
                    c6 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(6 * width)), c6);
                    c7 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(7 * width)), c7);
                }

                TLanes.Store(c0, ref cj, 0);
                TLanes.Store(c1, ref cj, (nuint)width);
                TLanes.Store(c2, ref cj, (nuint)(2 * width));
                TLanes.Store(c3, ref cj, (nuint)(3 * width));
                TLanes.Store(c4, ref cj, (nuint)(4 * width));
                TLanes.Store(c5, ref cj, (nuint)(5 * width));
                TLanes.Store(c6, ref cj, (nuint)(6 * width));
                TLanes.Store(c7, ref cj, (nuint)(7 * width));
            }

            // Then four, for the rest of the batch.
            for (; j + (4 * width) <= batch; j += 4 * width)
            {
                ref float cj = ref c[j];
                TVector c0 = accumulate ? TLanes.Load(ref cj, 0) : TLanes.Zero;
                TVector c1 = accumulate ? TLanes.Load(ref cj, (nuint)width) : TLanes.Zero;
                TVector c2 = accumulate ? TLanes.Load(ref cj, (nuint)(2 * width)) : TLanes.Zero;
                TVector c3 = accumulate ? TLanes.Load(ref cj, (nuint)(3 * width)) : TLanes.Zero;
                for (int k = start; k < stop; k++)
                {
                    TVector w = TLanes.Broadcast(values[k]);
                    ref float bj = ref columnSide[((nuint)indices[k] * ld) + (nuint)j];
                    c0 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, 0), c0);
                    c1 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)width), c1);
                    c2 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(2 * width)), c2);
                    c3 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(3 * width)), c3);
                }

                TLanes.Store(c0, ref cj, 0);
                TLanes.Store(c1, ref cj, (nuint)width);
                TLanes.Store(c2, ref cj, (nuint)(2 * width));
                TLanes.Store(c3, ref cj, (nuint)(3 * width));
            }

            for (; j + width <= batch; j += width)
            {
                ref float cj = ref c[j];
                TVector c0 = accumulate ? TLanes.Load(ref cj, 0) : TLanes.Zero;
                for (int k = start; k < stop; k++)
                {
                    c0 = TLanes.MultiplyAdd(TLanes.Broadcast(values[k]), TLanes.Load(ref columnSide[((nuint)indices[k] * ld) + (nuint)j], 0), c0);
                }

                TLanes.Store(c0, ref cj, 0);
            }

            for (; j < batch; j++)
            {
                float sum = accumulate ? c[j] : 0f;
                for (int k = start; k < stop; k++)
                {
                    sum += values[k] * columnSide[((nuint)indices[k] * ld) + (nuint)j];
                }

                c[j] = sum;
            }
        }
    }

    /// <summary><c>Σ values[k]·x[indices[k]]</c> over <paramref name="start"/> .. <paramref name="stop"/>-1.</summary>
    private static float GatherDot(float* values, int* indices, float* x, int start, int stop)
    {
        int k = start;
        float sum = 0f;
        if (Avx2.IsSupported && Fma.IsSupported)
        {
            Vector256<float> acc0 = Vector256<float>.Zero;
            Vector256<float> acc1 = Vector256<float>.Zero;
            for (; k + 16 <= stop; k += 16)
            {
                acc0 = Fma.MultiplyAdd(Avx.LoadVector256(values + k), Avx2.GatherVector256(x, Avx.LoadVector256(indices + k), sizeof(float)), acc0);
                acc1 = Fma.MultiplyAdd(Avx.LoadVector256(values + k + 8), Avx2.GatherVector256(x, Avx.LoadVector256(indices + k + 8), sizeof(float)), acc1);
            }

            sum = Vector256.Sum(acc0 + acc1);
        }

        // Four independent sums hide the latency of the dependent adds.
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (; k + 4 <= stop; k += 4)
        {
            s0 += values[k] * x[indices[k]];
            s1 += values[k + 1] * x[indices[k + 1]];
            s2 += values[k + 2] * x[indices[k + 2]];
            s3 += values[k + 3] * x[indices[k + 3]];
        }

        for (; k < stop; k++)
        {
            s0 += values[k] * x[indices[k]];
        }

        return sum + (s0 + s1 + (s2 + s3));
    }
}
