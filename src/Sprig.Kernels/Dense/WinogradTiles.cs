using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The input and output transforms of Winograd F(4×4, 3×3) for one row of tiles, a vector of
/// <c>TLanes.Count</c> horizontally adjacent tiles at a time (lane l is tile <c>tx0 + l</c>).
/// </summary>
/// <remarks>
/// Matrices (Lavin and Gray 2016, interpolation points 0, ±1, ±2):
/// <c>Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]</c>,
/// <c>Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]</c>. A 6×6 input tile d becomes <c>Bᵀ·d·B</c>,
/// a 6×6 product tile m becomes the 4×4 output <c>Aᵀ·m·A</c>. Tiles start every 4 input columns, so lane loads
/// read phase-split rows (<see cref="SplitPhases"/>): phase q holds columns 4j + q, and column 4·tx + s of
/// every lane is one contiguous load from phase s mod 4 at j = tx + s / 4.
/// </remarks>
internal static unsafe class WinogradTiles<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ILanes<TVector>
{
    /// <summary>
    /// Writes padded input rows <c>firstRow … firstRow + rows − 1</c> of one H×W plane into
    /// <paramref name="phases"/> as [row][phase q][j] = <c>plane[row][4j + q − padding]</c> (0 outside the plane),
    /// <paramref name="phaseLength"/> floats per phase.
    /// </summary>
    public static void SplitPhases(float* plane, int height, int width, int padding, int firstRow, int rows, float* phases, int phaseLength)
    {
        for (int r = 0; r < rows; r++, phases += 4 * phaseLength)
        {
            int y = firstRow + r;
            if ((uint)y >= (uint)height)
            {
                new Span<float>(phases, 4 * phaseLength).Clear();
                continue;
            }

            // Groups j whose four columns 4j − padding … 4j − padding + 3 all lie inside the row are split with shuffles.
            float* source = plane + ((nint)y * width);
            int first = Math.Min(phaseLength, (padding + 3) / 4);
            int end = first;
            if (TLanes.Count == 8 && Avx.IsSupported)
            {
                for (; end + 8 <= phaseLength && (4 * end) - padding + 32 <= width; end += 8)
                {
                    WinogradShuffles.Deinterleave8(source + (4 * end) - padding, phases + end, phaseLength);
                }
            }
            else if (TLanes.Count == 4 && Sse.IsSupported)
            {
                for (; end + 4 <= phaseLength && (4 * end) - padding + 16 <= width; end += 4)
                {
                    WinogradShuffles.Deinterleave4(source + (4 * end) - padding, phases + end, phaseLength);
                }
            }

            SplitScalar(source, width, padding, phases, phaseLength, 0, first);
            SplitScalar(source, width, padding, phases, phaseLength, end, phaseLength);
        }
    }

    /// <summary>Groups <c>[from, to)</c> of one row of <see cref="SplitPhases"/>, one float at a time.</summary>
    private static void SplitScalar(float* source, int width, int padding, float* phases, int phaseLength, int from, int to)
    {
        for (int q = 0; q < 4; q++)
        {
            float* destination = phases + (q * phaseLength);
            for (int j = from, x = (4 * from) + q - padding; j < to; j++, x += 4)
            {
                destination[j] = (uint)x < (uint)width ? source[x] : 0f;
            }
        }
    }

    /// <summary>
    /// Transforms the <paramref name="tiles"/> tiles of one tile row whose six input rows start at
    /// <paramref name="phases"/> (see <see cref="SplitPhases"/>) and stores point p of tile t at
    /// <c>destination[p·pointStride + t]</c>. Writes up to <c>TLanes.Count − 1</c> floats past the last tile of
    /// each point (garbage that the next tile row overwrites, or slack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformInput(float* phases, int phaseLength, int tiles, float* destination, nint pointStride, float* scratch)
    {
        int lanes = TLanes.Count;
        int rowStride = 4 * phaseLength;
        TVector four = TLanes.Broadcast(4f);
        TVector minusFour = TLanes.Broadcast(-4f);
        TVector minusFive = TLanes.Broadcast(-5f);
        TVector two = TLanes.Broadcast(2f);
        for (int tx = 0; tx < tiles; tx += lanes)
        {
            // Along each row: scratch[r·6 + j] = (d·B)[r][j].
            for (int r = 0; r < 6; r++)
            {
                float* row = phases + (r * rowStride) + tx;
                TVector d0 = Load(row);
                TVector d1 = Load(row + phaseLength);
                TVector d2 = Load(row + (2 * phaseLength));
                TVector d3 = Load(row + (3 * phaseLength));
                TVector d4 = Load(row + 1);
                TVector d5 = Load(row + phaseLength + 1);
                Input(d0, d1, d2, d3, d4, d5, four, minusFour, minusFive, two, scratch + (r * 6 * lanes), lanes);
            }

            // Down each column: point (i, j) = (Bᵀ·d·B)[i][j].
            for (int j = 0; j < 6; j++)
            {
                float* column = scratch + (j * lanes);
                Input(
                    Load(column), Load(column + (6 * lanes)), Load(column + (12 * lanes)),
                    Load(column + (18 * lanes)), Load(column + (24 * lanes)), Load(column + (30 * lanes)),
                    four, minusFour, minusFive, two, destination + (j * pointStride) + tx, 6 * pointStride);
            }
        }
    }

    /// <summary>
    /// Inverse-transforms the <paramref name="tiles"/> product tiles of one tile row (point p of tile t at
    /// <c>products[p·pointStride + t]</c>), adds <paramref name="bias"/> and writes the 4×4 outputs into the
    /// outH×outW plane <paramref name="output"/> at rows <c>y0 …</c>, clipped to the plane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformOutput(float* products, nint pointStride, int tiles, float bias, float* output, int outH, int outW, int y0, float* scratch)
    {
        int lanes = TLanes.Count;
        TVector two = TLanes.Broadcast(2f);
        TVector four = TLanes.Broadcast(4f);
        TVector eight = TLanes.Broadcast(8f);
        TVector biasVector = TLanes.Broadcast(bias);
        float* tile = scratch + (24 * lanes);
        int rows = Math.Min(4, outH - y0);
        for (int tx = 0; tx < tiles; tx += lanes)
        {
            // Along each row of products: scratch[i·4 + b] = (m·A)[i][b].
            for (int i = 0; i < 6; i++)
            {
                float* row = products + (i * 6 * pointStride) + tx;
                Output(
                    Load(row), Load(row + pointStride), Load(row + (2 * pointStride)),
                    Load(row + (3 * pointStride)), Load(row + (4 * pointStride)), Load(row + (5 * pointStride)),
                    two, four, eight, scratch + (i * 4 * lanes), lanes);
            }

            // Down each column: tile[a·4 + b] = (Aᵀ·m·A)[a][b] + bias; column 1 of Aᵀ is all ones, so the bias added
            // to m1 reaches all four outputs.
            for (int b = 0; b < 4; b++)
            {
                float* column = scratch + (b * lanes);
                Output(
                    Load(column), TLanes.Add(Load(column + (4 * lanes)), biasVector), Load(column + (8 * lanes)),
                    Load(column + (12 * lanes)), Load(column + (16 * lanes)), Load(column + (20 * lanes)),
                    two, four, eight, tile + (b * lanes), 4 * lanes);
            }

            Scatter(tile, lanes, Math.Min(lanes, tiles - tx), rows, output + ((nint)y0 * outW), outW, 4 * tx);
        }
    }

    /// <summary>
    /// Transforms the <paramref name="tiles"/> 4×4 output-gradient tiles of one tile row, whose four rows start at
    /// <paramref name="phases"/> (<see cref="SplitPhases"/> with padding 0), into <c>A·dY·Aᵀ</c> (6×6), the gradient
    /// of the product tile m; stores point p of tile t at <c>destination[p·pointStride + t]</c>, with the same
    /// overrun as <see cref="TransformInput"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformOutputGradient(float* phases, int phaseLength, int tiles, float* destination, nint pointStride, float* scratch)
    {
        int lanes = TLanes.Count;
        int rowStride = 4 * phaseLength;
        TVector two = TLanes.Broadcast(2f);
        TVector four = TLanes.Broadcast(4f);
        for (int tx = 0; tx < tiles; tx += lanes)
        {
            // Along each row: scratch[a·6 + j] = (dY·Aᵀ)[a][j].
            for (int a = 0; a < 4; a++)
            {
                float* row = phases + (a * rowStride) + tx;
                Expand(
                    Load(row), Load(row + phaseLength), Load(row + (2 * phaseLength)), Load(row + (3 * phaseLength)),
                    two, four, scratch + (a * 6 * lanes), lanes);
            }

            // Down each column: point (i, j) = (A·dY·Aᵀ)[i][j].
            for (int j = 0; j < 6; j++)
            {
                float* column = scratch + (j * lanes);
                Expand(
                    Load(column), Load(column + (6 * lanes)), Load(column + (12 * lanes)), Load(column + (18 * lanes)),
                    two, four, destination + (j * pointStride) + tx, 6 * pointStride);
            }
        }
    }

    /// <summary>Writes lane l of <c>tile[a·4 + b]</c> to <c>output[a][x0 + 4l + b]</c> for the rows and columns inside the plane.</summary>
    private static void Scatter(float* tile, int lanes, int valid, int rows, float* output, int outW, int x0)
    {
        int count = Math.Min(4 * valid, outW - x0);
        for (int a = 0; a < rows; a++, output += outW)
        {
            float* source = tile + (a * 4 * lanes);
            if (TLanes.Count == 8 && Avx.IsSupported)
            {
                WinogradShuffles.Interleave8(source, lanes, output + x0, count);
            }
            else if (TLanes.Count == 4 && Sse.IsSupported)
            {
                WinogradShuffles.Interleave4(source, lanes, output + x0, count);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    output[x0 + i] = source[((i & 3) * lanes) + (i >> 2)];
                }
            }
        }
    }

    /// <summary><c>Bᵀ·d</c> for one line of six values; output i goes to <c>destination + i·stride</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Input(
        TVector d0, TVector d1, TVector d2, TVector d3, TVector d4, TVector d5,
        TVector four, TVector minusFour, TVector minusFive, TVector two, float* destination, nint stride)
    {
        TVector a = TLanes.MultiplyAdd(d2, minusFour, d4);
        TVector b = TLanes.MultiplyAdd(d1, minusFour, d3);
        TVector c = TLanes.Subtract(d4, d2);
        TVector e = TLanes.Multiply(TLanes.Subtract(d3, d1), two);
        Store(TLanes.MultiplyAdd(d2, minusFive, TLanes.MultiplyAdd(d0, four, d4)), destination);
        Store(TLanes.Add(a, b), destination + stride);
        Store(TLanes.Subtract(a, b), destination + (2 * stride));
        Store(TLanes.Add(c, e), destination + (3 * stride));
        Store(TLanes.Subtract(c, e), destination + (4 * stride));
        Store(TLanes.MultiplyAdd(d3, minusFive, TLanes.MultiplyAdd(d1, four, d5)), destination + (5 * stride));
    }

    /// <summary><c>Aᵀ·m</c> for one line of six values; output a goes to <c>destination + a·stride</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Output(
        TVector m0, TVector m1, TVector m2, TVector m3, TVector m4, TVector m5,
        TVector two, TVector four, TVector eight, float* destination, nint stride)
    {
        TVector s12 = TLanes.Add(m1, m2);
        TVector d12 = TLanes.Subtract(m1, m2);
        TVector s34 = TLanes.Add(m3, m4);
        TVector d34 = TLanes.Subtract(m3, m4);
        Store(TLanes.Add(m0, TLanes.Add(s12, s34)), destination);
        Store(TLanes.MultiplyAdd(d34, two, d12), destination + stride);
        Store(TLanes.MultiplyAdd(s34, four, s12), destination + (2 * stride));
        Store(TLanes.Add(TLanes.MultiplyAdd(d34, eight, d12), m5), destination + (3 * stride));
    }

    /// <summary><c>A·y</c> (the adjoint of <c>Aᵀ</c>) for one line of four values; output i goes to <c>destination + i·stride</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expand(TVector y0, TVector y1, TVector y2, TVector y3, TVector two, TVector four, float* destination, nint stride)
    {
        TVector s02 = TLanes.Add(y0, y2);
        TVector s13 = TLanes.Add(y1, y3);
        TVector e = TLanes.MultiplyAdd(y2, four, y0);
        TVector f = TLanes.Multiply(TLanes.MultiplyAdd(y3, four, y1), two);
        Store(y0, destination);
        Store(TLanes.Add(s02, s13), destination + stride);
        Store(TLanes.Subtract(s02, s13), destination + (2 * stride));
        Store(TLanes.Add(e, f), destination + (3 * stride));
        Store(TLanes.Subtract(e, f), destination + (4 * stride));
        Store(y3, destination + (5 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load(float* source) => TLanes.Load(ref *source, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(TVector value, float* destination) => TLanes.Store(value, ref *destination, 0);
}
