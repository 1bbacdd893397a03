using System.Runtime.CompilerServices;

namespace Sprig.Kernels.Sparse;

/// <summary>The rows of <see cref="Sddmm"/> for one SIMD width (<typeparamref name="TLanes"/>).</summary>
internal static unsafe class SddmmRows<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    /// <summary>Computes the entries of rows <paramref name="first"/> .. <paramref name="end"/>-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in SparseOperands op, int first, int end)
    {
        int batch = op.Batch;
        nuint ld = (nuint)batch;
        int width = TLanes.Count;
        for (int r = first; r < end; r++)
        {
            ref float a = ref op.RowSide[(nuint)r * ld];
            int k = op.RowPointers[r];
            int stop = op.RowPointers[r + 1];

            // Eight entries share each load of A's row: eight independent FMA chains cover the FMA latency.
            for (; k + 8 <= stop; k += 8)
            {
                ref float b0 = ref op.ColumnSide[(nuint)op.Indices[k] * ld];
                ref float b1 = ref op.ColumnSide[(nuint)op.Indices[k + 1] * ld];
                ref float b2 = ref op.ColumnSide[(nuint)op.Indices[k + 2] * ld];
                ref float b3 = ref op.ColumnSide[(nuint)op.Indices[k + 3] * ld];
                ref float b4 = ref op.ColumnSide[(nuint)op.Indices[k + 4] * ld];
                ref float b5 = ref op.ColumnSide[(nuint)op.Indices[k + 5] * ld];
                ref float b6 = ref op.ColumnSide[(nuint)op.Indices[k + 6] * ld];
                ref float b7 = ref op.ColumnSide[(nuint)op.Indices[k + 7] * ld];
                TVector s0 = TLanes.Zero, s1 = TLanes.Zero, s2 = TLanes.Zero, s3 = TLanes.Zero;
                TVector s4 = TLanes.Zero, s5 = TLanes.Zero, s6 = TLanes.Zero, s7 = TLanes.Zero;
                int j = 0;
                for (; j + width <= batch; j += width)
                {
                    TVector av = TLanes.Load(ref a, (nuint)j);
                    s0 = TLanes.MultiplyAdd(av, TLanes.Load(ref b0, (nuint)j), s0);
                    s1 = TLanes.MultiplyAdd(av, TLanes.Load(ref b1, (nuint)j), s1);
                    s2 = TLanes.MultiplyAdd(av, TLanes.Load(ref b2, (nuint)j), s2);
                    s3 = TLanes.MultiplyAdd(av, TLanes.Load(ref b3, (nuint)j), s3);
                    s4 = TLanes.MultiplyAdd(av, TLanes.Load(ref b4, (nuint)j), s4);
                    s5 = TLanes.MultiplyAdd(av, TLanes.Load(ref b5, (nuint)j), s5);
                    s6 = TLanes.MultiplyAdd(av, TLanes.Load(ref b6, (nuint)j), s6);
                    s7 = TLanes.MultiplyAdd(av, TLanes.Load(ref b7, (nuint)j), s7);
                }

                ref float v = ref op.Values[k];
                TLanes.Sums8(s0, s1, s2, s3, s4, s5, s6, s7, ref v, op.Accumulate);
                for (; j < batch; j++)
                {
                    float aj = Unsafe.Add(ref a, j);
                    v += aj * Unsafe.Add(ref b0, j);
                    Unsafe.Add(ref v, 1) += aj * Unsafe.Add(ref b1, j);
                    Unsafe.Add(ref v, 2) += aj * Unsafe.Add(ref b2, j);
                    Unsafe.Add(ref v, 3) += aj * Unsafe.Add(ref b3, j);
                    Unsafe.Add(ref v, 4) += aj * Unsafe.Add(ref b4, j);
                    Unsafe.Add(ref v, 5) += aj * Unsafe.Add(ref b5, j);
                    Unsafe.Add(ref v, 6) += aj * Unsafe.Add(ref b6, j);
                    Unsafe.Add(ref v, 7) += aj * Unsafe.Add(ref b7, j);
                }
            }

            // Then four.
            for (; k + 4 <= stop; k += 4)
            {
                ref float b0 = ref op.ColumnSide[(nuint)op.Indices[k] * ld];
                ref float b1 = ref op.ColumnSide[(nuint)op.Indices[k + 1] * ld];
                ref float b2 = ref op.ColumnSide[(nuint)op.Indices[k + 2] * ld];
                ref float b3 = ref op.ColumnSide[(nuint)op.Indices[k + 3] * ld];
                TVector s0 = TLanes.Zero, s1 = TLanes.Zero, s2 = TLanes.Zero, s3 = TLanes.Zero;
                int j = 0;
                for (; j + width <= batch; j += width)
                {
                    TVector av = TLanes.Load(ref a, (nuint)j);
                    s0 = TLanes.MultiplyAdd(av, TLanes.Load(ref b0, (nuint)j), s0);
                    s1 = TLanes.MultiplyAdd(av, TLanes.Load(ref b1, (nuint)j), s1);
                    s2 = TLanes.MultiplyAdd(av, TLanes.Load(ref b2, (nuint)j), s2);
                    s3 = TLanes.MultiplyAdd(av, TLanes.Load(ref b3, (nuint)j), s3);
                }

                float t0 = TLanes.Sum(s0), t1 = TLanes.Sum(s1), t2 = TLanes.Sum(s2), t3 = TLanes.Sum(s3);
                for (; j < batch; j++)
                {
                    float aj = Unsafe.Add(ref a, j);
                    t0 += aj * Unsafe.Add(ref b0, j);
                    t1 += aj * Unsafe.Add(ref b1, j);
                    t2 += aj * Unsafe.Add(ref b2, j);
                    t3 += aj * Unsafe.Add(ref b3, j);
                }

                Write(op, k, t0);
                Write(op, k + 1, t1);
                Write(op, k + 2, t2);
                Write(op, k + 3, t3);
            }

            for (; k < stop; k++)
            {
                ref float b0 = ref op.ColumnSide[(nuint)op.Indices[k] * ld];
                TVector s0 = TLanes.Zero;
                int j = 0;
                for (; j + width <= batch; j += width)
                {
                    s0 = TLanes.MultiplyAdd(TLanes.Load(ref a, (nuint)j), TLanes.Load(ref b0, (nuint)j), s0);
                }

                float t0 = TLanes.Sum(s0);
                for (; j < batch; j++)
                {
                    t0 += Unsafe.Add(ref a, j) * Unsafe.Add(ref b0, j);
                }

                Write(op, k, t0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(in SparseOperands op, int k, float dot) =>
        op.Values[k] = op.Accumulate ? op.Values[k] + dot : dot;
}
