namespace Sprig.Kernels.Dense;

/// <summary>
/// The filter side of Winograd F(4×4, 3×3): <c>U = G·g·Gᵀ</c> (3×3 → 6×6) and its adjoint <c>dg = Gᵀ·dU·G</c>
/// (6×6 → 3×3) for the weight gradient, in double so that this step adds no rounding of its own.
/// </summary>
internal static class WinogradFilter
{
    /// <summary>G (6×3, row-major) for the interpolation points 0, ±1, ±2 and ∞.</summary>
    private static ReadOnlySpan<double> G =>
    [
        1.0 / 4, 0, 0,
        -1.0 / 6, -1.0 / 6, -1.0 / 6,
        -1.0 / 6, 1.0 / 6, -1.0 / 6,
        1.0 / 24, 1.0 / 12, 1.0 / 6,
        1.0 / 24, -1.0 / 12, 1.0 / 6,
        0, 0, 1,
    ];

    /// <summary>See <see cref="Winograd.TransformFilter"/>.</summary>
    public static void Transform(ReadOnlySpan<float> weight, int outChannels, int inChannels, bool adjoint, Span<float> transformed)
    {
        int rows = adjoint ? inChannels : outChannels;
        int columns = adjoint ? outChannels : inChannels;
        int pointLength = rows * columns;
        Span<double> gg = stackalloc double[18];
        for (int k = 0; k < outChannels; k++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> w = weight.Slice(((k * inChannels) + c) * 9, 9);

                // gg = G·g (6×3); the adjoint's kernel is g flipped in both axes: g'[y][x] = g[2 − y][2 − x].
                for (int i = 0; i < 6; i++)
                {
                    for (int x = 0; x < 3; x++)
                    {
                        double sum = 0;
                        for (int y = 0; y < 3; y++)
                        {
                            sum += G[(i * 3) + y] * (adjoint ? w[8 - ((y * 3) + x)] : w[(y * 3) + x]);
                        }

                        gg[(i * 3) + x] = sum;
                    }
                }

                int index = adjoint ? (c * columns) + k : (k * columns) + c;
                for (int i = 0; i < 6; i++)
                {
                    for (int j = 0; j < 6; j++)
                    {
                        double u = (gg[i * 3] * G[j * 3]) + (gg[(i * 3) + 1] * G[(j * 3) + 1]) + (gg[(i * 3) + 2] * G[(j * 3) + 2]);
                        transformed[(((i * 6) + j) * pointLength) + index] = (float)u;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>weightGradient[k][c] += Gᵀ·S[k][c]·G</c> where <c>S[p][k][c]</c> (36 matrices [K × C]) is the gradient of the
    /// transformed filter.
    /// </summary>
    public static void AddGradient(ReadOnlySpan<float> sums, int outChannels, int inChannels, Span<float> weightGradient)
    {
        int pointLength = outChannels * inChannels;
        Span<double> sg = stackalloc double[18];
        for (int k = 0; k < outChannels; k++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                int index = (k * inChannels) + c;

                // sg = S·G (6×3), then Gᵀ·sg (3×3).
                for (int i = 0; i < 6; i++)
                {
                    for (int v = 0; v < 3; v++)
                    {
                        double sum = 0;
                        for (int j = 0; j < 6; j++)
                        {
                            sum += sums[(((i * 6) + j) * pointLength) + index] * G[(j * 3) + v];
                        }

                        sg[(i * 3) + v] = sum;
                    }
                }

                Span<float> dw = weightGradient.Slice(index * 9, 9);
                for (int u = 0; u < 3; u++)
                {
                    for (int v = 0; v < 3; v++)
                    {
                        double sum = 0;
                        for (int i = 0; i < 6; i++)
                        {
                            sum += G[(i * 3) + u] * sg[(i * 3) + v];
                        }

                        dw[(u * 3) + v] += (float)sum;
                    }
                }
            }
        }
    }
}
