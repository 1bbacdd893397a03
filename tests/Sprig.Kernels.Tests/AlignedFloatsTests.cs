using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sprig.Kernels.Tests;

public class AlignedFloatsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(128 * 1024)]
    public void Span_StartsOnA64ByteBoundary_AndIsZeroed(int length)
    {
        for (int i = 0; i < 20; i++)
        {
            var buffer = new AlignedFloats(length);
            Span<float> span = buffer.Span;
            Assert.Equal(length, span.Length);
            nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(span));
            Assert.Equal(0, address % 64);
            Assert.True(span.IndexOfAnyExcept(0f) < 0);
        }
    }
}
