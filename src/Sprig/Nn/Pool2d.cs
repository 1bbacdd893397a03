using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>The shared shape rules of the unpadded 2-D pooling layers: a square window, a stride, floor rounding.</summary>
public abstract class Pool2d : Module
{
    private readonly string _layer;

    /// <summary>Validates the window; <paramref name="stride"/> defaults to the kernel size.</summary>
    protected Pool2d(int kernelSize, int? stride, string layer)
    {
        if (kernelSize < 1 || stride < 1)
        {
            throw new SprigException($"{layer} needs a positive kernel and stride, got kernel={kernelSize}, stride={stride}");
        }

        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        _layer = layer;
    }

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Validates NCHW input and returns planes (N·C), input and output sizes.</summary>
    private protected (int Planes, int Height, int Width, int OutH, int OutW) Geometry(Tensor input)
    {
        if (input.Rank != 4)
        {
            throw new SprigException($"{_layer} expects input [N, C, H, W] but got {input}");
        }

        int height = input.Dim(2);
        int width = input.Dim(3);
        if (height < KernelSize || width < KernelSize)
        {
            throw new SprigException($"{_layer} with kernel {KernelSize} does not fit input {input}");
        }

        return (input.Dim(0) * input.Dim(1), height, width, ((height - KernelSize) / Stride) + 1, ((width - KernelSize) / Stride) + 1);
    }
}
