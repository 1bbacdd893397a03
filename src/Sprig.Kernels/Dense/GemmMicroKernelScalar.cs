using System.Runtime.CompilerServices;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The scalar micro-kernel for machines (or <c>DOTNET_EnableHWIntrinsic=0</c> runs) without SIMD: a 4×4 tile
/// accumulated in a small stack buffer.
/// </summary>
internal readonly unsafe struct GemmMicroKernelScalar : IGemmMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        float* acc = stackalloc float[16];
        for (int t = 0; t < 16; t++)
        {
            acc[t] = 0f;
        }

        for (int p = 0; p < kc; p++, a += 4, b += 4)
        {
            for (int i = 0; i < 4; i++)
            {
                float ai = a[i];
                float* row = acc + (i * 4);
                row[0] += ai * b[0];
                row[1] += ai * b[1];
                row[2] += ai * b[2];
                row[3] += ai * b[3];
            }
        }

        for (int i = 0; i < 4; i++)
        {
            float* ci = c + (i * ldc);
            for (int j = 0; j < 4; j++)
            {
                ci[j] = overwrite ? acc[(i * 4) + j] : ci[j] + acc[(i * 4) + j];
            }
        }
    }
}
