using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary>The rows of <see cref="SparseBackward"/> (input features), with 512-bit vectors.</summary>
internal readonly unsafe struct SparseBackwardRows : ISparseKernel<SparseBackwardOperands>
{
    private const int Width = 16;
    private const int Block = 8 * Width;
    private const int Group = 8;

    /// <summary>Computes input features <paramref name="first"/> .. <paramref name="end"/>-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in SparseBackwardOperands op, int first, int end)
    {
        // The operands in locals (read through the `in` reference they would be reloaded for every entry).
        int* rowPointers = op.RowPointers;
        int* indices = op.Indices;
        float* values = op.Values;
        int* source = op.Source;
        float* dyT = op.OutputGradientT;
        float* xT = op.InputT;
        float* dxT = op.InputGradientT;
        float* entries = op.Entries;
        nuint ld = (nuint)op.Batch;
        Vector512<float>* dots = stackalloc Vector512<float>[Group];
        float* sums = stackalloc float[Group];
        for (int k = first; k < end; k++)
        {
            int start = rowPointers[k];
            int stop = rowPointers[k + 1];
            for (nuint j = 0; j < ld; j += Block)
            {
                // Xᵀ's block of this feature and dXᵀ's accumulators stay in registers across the feature's entries;
                // each entry's row of dYᵀ is loaded once for both products. The multiply-adds are the SpMM's and
                // SDDMM's own (Lanes512), so dXᵀ equals the SpMM's float for float.
                float* x = xT + ((nuint)k * ld) + j;
                Vector512<float> x0 = Vector512.Load(x), x1 = Vector512.Load(x + Width), x2 = Vector512.Load(x + (2 * Width)), x3 = Vector512.Load(x + (3 * Width));
                Vector512<float> x4 = Vector512.Load(x + (4 * Width)), x5 = Vector512.Load(x + (5 * Width)), x6 = Vector512.Load(x + (6 * Width)), x7 = Vector512.Load(x + (7 * Width));
                Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
                for (int e = start; e < stop; e += Group)
                {
                    int count = Math.Min(Group, stop - e);
                    for (int i = 0; i < count; i++)
                    {
                        float* y = dyT + ((nuint)indices[e + i] * ld) + j;
                        Vector512<float> w = Vector512.Create(values[source[e + i]]);
                        Vector512<float> y0 = Vector512.Load(y), y1 = Vector512.Load(y + Width), y2 = Vector512.Load(y + (2 * Width)), y3 = Vector512.Load(y + (3 * Width));
                        Vector512<float> y4 = Vector512.Load(y + (4 * Width)), y5 = Vector512.Load(y + (5 * Width)), y6 = Vector512.Load(y + (6 * Width)), y7 = Vector512.Load(y + (7 * Width));
                        c0 = Lanes512.MultiplyAdd(w, y0, c0);
                        c1 = Lanes512.MultiplyAdd(w, y1, c1);
                        c2 = Lanes512.MultiplyAdd(w, y2, c2);
                        c3 = Lanes512.MultiplyAdd(w, y3, c3);
                        c4 = Lanes512.MultiplyAdd(w, y4, c4);
                        c5 = Lanes512.MultiplyAdd(w, y5, c5);
                        c6 = Lanes512.MultiplyAdd(w, y6, c6);
                        c7 = Lanes512.MultiplyAdd(w, y7, c7);
                        Vector512<float> s = Lanes512.MultiplyAdd(y0, x0, Vector512<float>.Zero);
                        s = Lanes512.MultiplyAdd(y1, x1, s);
                        s = Lanes512.MultiplyAdd(y2, x2, s);
                        s = Lanes512.MultiplyAdd(y3, x3, s);
                        s = Lanes512.MultiplyAdd(y4, x4, s);
                        s = Lanes512.MultiplyAdd(y5, x5, s);
                        s = Lanes512.MultiplyAdd(y6, x6, s);
                        dots[i] = Lanes512.MultiplyAdd(y7, x7, s);
                    }

                    // One reduction for eight entries, as the SDDMM does; the sums go to the entries' places in W's order.
                    for (int i = count; i < Group; i++)
                    {
                        dots[i] = Vector512<float>.Zero;
                    }

                    Lanes512.Sums8(dots[0], dots[1], dots[2], dots[3], dots[4], dots[5], dots[6], dots[7], ref *sums, accumulate: false);
                    for (int i = 0; i < count; i++)
                    {
                        entries[source[e + i]] += sums[i];
                    }
                }

                float* dx = dxT + ((nuint)k * ld) + j;
                c0.Store(dx);
                c1.Store(dx + Width);
                c2.Store(dx + (2 * Width));
                c3.Store(dx + (3 * Width));
                c4.Store(dx + (4 * Width));
                c5.Store(dx + (5 * Width));
                c6.Store(dx + (6 * Width));
                c7.Store(dx + (7 * Width));
            }
        }
    }
}
