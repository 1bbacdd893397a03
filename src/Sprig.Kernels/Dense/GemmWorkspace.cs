using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Per-thread packing buffers, grown on demand and kept for the thread's lifetime so that the hot path does
/// not allocate. Arrays are pinned (pinned object heap) and the returned pointers are 64-byte aligned.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const int AlignFloats = 16;

    [ThreadStatic]
    private static GemmWorkspace? s_current;

    private float[] _packedA = [];
    private float[] _packedB = [];

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => s_current ??= new GemmWorkspace();

    /// <summary>A buffer for packed A of at least <paramref name="length"/> floats.</summary>
    public float* PackedA(int length) => Aligned(ref _packedA, length);

    /// <summary>A buffer for packed B of at least <paramref name="length"/> floats.</summary>
    public float* PackedB(int length) => Aligned(ref _packedB, length);

    private static float* Aligned(ref float[] buffer, int length)
    {
        if (buffer.Length < length + AlignFloats)
        {
            buffer = GC.AllocateUninitializedArray<float>(length + AlignFloats, pinned: true);
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + ((AlignFloats * sizeof(float)) - 1)) & ~(nint)((AlignFloats * sizeof(float)) - 1));
    }
}
