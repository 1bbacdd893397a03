using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Shape checks and output sizes shared by the unpadded pooling layers.</summary>
internal static class PoolGeometry
{
    /// <summary>Validates NCHW input for a pooling window and returns planes (N·C), input and output sizes.</summary>
    public static (int Planes, int Height, int Width, int OutH, int OutW) Of(Tensor input, int kernel, int stride, string layer)
    {
        if (input.Rank != 4)
        {
            throw new SprigException($"{layer} expects input [N, C, H, W] but got {input}");
        }

        int height = input.Dim(2);
        int width = input.Dim(3);
        if (height < kernel || width < kernel)
        {
            throw new SprigException($"{layer} with kernel {kernel} does not fit input {input}");
        }

        return (input.Dim(0) * input.Dim(1), height, width, ((height - kernel) / stride) + 1, ((width - kernel) / stride) + 1);
    }
}
