namespace Sprig.Kernels.Dense;

/// <summary>Validated sizes of one <c>Winograd.Convolve</c> call; tiles are 4×4 outputs.</summary>
internal readonly record struct WinogradGeometry(
    int Batch, int InChannels, int Height, int Width, int Padding, int OutChannels, int OutH, int OutW)
{
    public int TilesY => (OutH + 3) / 4;

    public int TilesX => (OutW + 3) / 4;
}
