using System.Runtime.CompilerServices;

namespace Sprig.Kernels.Sparse;

/// <summary>The N:M products W·B and Wᵀ·B for one SIMD width (<typeparamref name="TLanes"/>); see <see cref="NmSpmm"/>.</summary>
internal static unsafe class NmRows<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    /// <summary><c>C[r,:] = Σ W[r,c]·B[c,:]</c> for rows <paramref name="first"/> .. <paramref name="end"/>-1 (C = RowSide, B = ColumnSide).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in NmOperands op, int first, int end)
    {
        int batch = op.Batch;
        nuint ld = (nuint)batch;
        int width = TLanes.Count;
        int perRow = op.Groups * op.N;
        for (int r = first; r < end; r++)
        {
            int start = r * perRow;
            float* c = op.RowSide + ((nuint)r * ld);
            int j = 0;

            // Eight vectors of C's row stay in registers across the row's entries (as in SpmmRows).
            for (; j + (8 * width) <= batch; j += 8 * width)
            {
                ref float cj = ref c[j];
                TVector c0 = op.Accumulate ? TLanes.Load(ref cj, 0) : TLanes.Zero;
                TVector c1 = op.Accumulate ? TLanes.Load(ref cj, (nuint)width) : TLanes.Zero;
                TVector c2 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(2 * width)) : TLanes.Zero;
                TVector c3 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(3 * width)) : TLanes.Zero;
                TVector c4 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(4 * width)) : TLanes.Zero;
                TVector c5 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(5 * width)) : TLanes.Zero;
                TVector c6 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(6 * width)) : TLanes.Zero;
                TVector c7 = op.Accumulate ? TLanes.Load(ref cj, (nuint)(7 * width)) : TLanes.Zero;
                ref float group = ref op.ColumnSide[j];
                int k = start;
                for (int g = 0; g < op.Groups; g++, group = ref Unsafe.Add(ref group, (nuint)op.M * ld))
                {
                    for (int stop = k + op.N; k < stop; k++)
                    {
                        TVector w = TLanes.Broadcast(op.Values[k]);
                        ref float bj = ref Unsafe.Add(ref group, op.Offsets[k] * ld);
                        c0 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, 0), c0);
                        c1 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)width), c1);
                        c2 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(2 * width)), c2);
                        c3 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(3 * width)), c3);
                        c4 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(4 * width)), c4);
                        c5 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(5 * width)), c5);
                        c6 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(6 * width)), c6);
                        c7 = TLanes.MultiplyAdd(w, TLanes.Load(ref bj, (nuint)(7 * width)), c7);
                    }
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

            for (; j + width <= batch; j += width)
            {
                ref float cj = ref c[j];
                TVector c0 = op.Accumulate ? TLanes.Load(ref cj, 0) : TLanes.Zero;
                var walk = new EntryWalk(op.N, op.M);
                for (int k = start; k < start + perRow; k++)
                {
                    c0 = TLanes.MultiplyAdd(TLanes.Broadcast(op.Values[k]), TLanes.Load(ref op.ColumnSide[(walk.Next(op.Offsets[k]) * ld) + (nuint)j], 0), c0);
                }

                TLanes.Store(c0, ref cj, 0);
            }

            for (; j < batch; j++)
            {
                float sum = op.Accumulate ? c[j] : 0f;
                var walk = new EntryWalk(op.N, op.M);
                for (int k = start; k < start + perRow; k++)
                {
                    sum += op.Values[k] * op.ColumnSide[(walk.Next(op.Offsets[k]) * ld) + (nuint)j];
                }

                c[j] = sum;
            }
        }
    }

    /// <summary>
    /// <c>C[c,:] = Σ_r W[r,c]·A[r,:]</c> for the columns of groups <paramref name="first"/> .. <paramref name="end"/>-1
    /// (A = RowSide, C = ColumnSide). A group's M rows of C stay in L1 while every row of W adds its N entries of the
    /// group, in row order: no transposed copy of W is needed, because row r's entries in group g sit at a computed
    /// place, and each column's sum has one order whatever the split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transposed(in NmOperands op, int first, int end)
    {
        int batch = op.Batch;
        nuint ld = (nuint)batch;
        int width = TLanes.Count;
        for (int g = first; g < end; g++)
        {
            float* group = op.ColumnSide + ((nuint)g * (nuint)op.M * ld);
            if (!op.Accumulate)
            {
                new Span<float>(group, op.M * batch).Clear();
            }

            for (int r = 0; r < op.Rows; r++)
            {
                ref float a = ref op.RowSide[(nuint)r * ld];
                int k = ((r * op.Groups) + g) * op.N;
                for (int stop = k + op.N; k < stop; k++)
                {
                    TVector w = TLanes.Broadcast(op.Values[k]);
                    ref float c = ref group[op.Offsets[k] * ld];
                    int j = 0;
                    for (; j + (2 * width) <= batch; j += 2 * width)
                    {
                        TLanes.Store(TLanes.MultiplyAdd(w, TLanes.Load(ref a, (nuint)j), TLanes.Load(ref c, (nuint)j)), ref c, (nuint)j);
                        TLanes.Store(TLanes.MultiplyAdd(w, TLanes.Load(ref a, (nuint)(j + width)), TLanes.Load(ref c, (nuint)(j + width))), ref c, (nuint)(j + width));
                    }

                    for (; j + width <= batch; j += width)
                    {
                        TLanes.Store(TLanes.MultiplyAdd(w, TLanes.Load(ref a, (nuint)j), TLanes.Load(ref c, (nuint)j)), ref c, (nuint)j);
                    }

                    for (; j < batch; j++)
                    {
                        Unsafe.Add(ref c, j) += op.Values[k] * Unsafe.Add(ref a, j);
                    }
                }
            }
        }
    }

    /// <summary>Walks a row's entries in order and gives each one's column without dividing.</summary>
    private struct EntryWalk(int n, int m)
    {
        private int _groupStart;
        private int _inGroup;

        /// <summary>The column of the next entry, whose offset in its group is <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Next(byte offset)
        {
            nuint column = (nuint)(_groupStart + offset);
            if (++_inGroup == n)
            {
                _inGroup = 0;
                _groupStart += m;
            }

            return column;
        }
    }
}
