using System.Security.Cryptography;
using Sprig.Formats;
using Sprig.Serialization;
using Sprig.Tensors;

namespace Sprig.Tests.Formats;

public class SparseCheckpointTests
{
    [Fact]
    public void SparseTensors_RoundTrip_WithNegativeZeroReadBackAsZero()
    {
        var checkpoint = new Checkpoint();
        checkpoint.Tensors["w"] = Sparse([30, 2, 3, 3], 0.9, 1);
        checkpoint.Tensors["v"] = Sparse([1000], 0.99, 2);
        checkpoint.Tensors["d"] = Sparse([4, 5], 0, 3);
        Tensor special = Sparse([8, 8], 0.8, 4);
        special.Data[3] = float.NaN;
        special.Data[5] = -0f;
        special.Data[6] = float.NegativeInfinity;
        checkpoint.Tensors["s"] = special;

        Checkpoint loaded = Checkpoint.Decode(Bytes(checkpoint), "c.sprig");

        foreach (var (name, tensor) in checkpoint.Tensors)
        {
            Assert.Equal(tensor.ShapeArray(), loaded.Tensors[name].ShapeArray());
            Assert.Equal(tensor.Data, loaded.Tensors[name].Data);
        }

        Assert.Equal(0, BitConverter.SingleToInt32Bits(loaded.Tensors["s"].Data[5]));
    }

    [Fact]
    public void NinetyPercentSparseWeights_TakeAtMostFifteenPercentOfTheDenseFile()
    {
        var dense = new Checkpoint();
        dense.Tensors["w"] = Sparse([300, 784], 0, 5);
        var sparse = new Checkpoint();
        sparse.Tensors["w"] = Sparse([300, 784], 0.9, 5);

        double ratio = (double)Bytes(sparse).Length / Bytes(dense).Length;

        Assert.InRange(ratio, 0.05, 0.15);
    }

    [Fact]
    public void VersionOneFiles_StillLoad()
    {
        var checkpoint = new Checkpoint { Metadata = "{}" };
        checkpoint.Tensors["t"] = Sparse([3, 3], 0, 6);
        byte[] bytes = Bytes(checkpoint)[..^32];
        BitConverter.TryWriteBytes(bytes.AsSpan(8), 1);

        Checkpoint loaded = Checkpoint.Decode([.. bytes, .. SHA256.HashData(bytes)], "old.sprig");

        Assert.Equal(checkpoint.Tensors["t"].Data, loaded.Tensors["t"].Data);
    }

    [Fact]
    public void DamagedSparsePayloads_OfEveryFormat_DecodeOrAreRejected_NeverThrow()
    {
        var random = new Random(7);
        int rejected = 0;
        foreach (int[] shape in new[] { new[] { 8, 16 }, [1, 40], [5, 3, 2] })
        {
            Tensor tensor = Sparse(shape, 0.7, shape[0]);
            int rows = shape[0], columns = tensor.Length / rows;
            var mask = new float[tensor.Length];
            System.Numerics.Tensors.TensorPrimitives.Abs(tensor.Span, mask);
            foreach (FormatChoice choice in FormatAdvisor.Candidates(TensorProfile.FromMask(rows, columns, mask)))
            {
                if (choice.Format == StorageFormat.Dense)
                {
                    continue;
                }

                var stream = new MemoryStream();
                using (var writer = new BinaryWriter(stream))
                {
                    writer.Write((byte)choice.Format);
                    SparseMatrix.FromDense(choice, rows, columns, tensor.Span, mask).Write(writer);
                }

                byte[] payload = stream.ToArray();
                Assert.Equal(tensor.Data, SparseTensorCodec.Decode(payload, shape)!.Data);
                for (int trial = 0; trial < 300; trial++)
                {
                    byte[] damaged = (byte[])payload.Clone();
                    if (trial % 3 == 0)
                    {
                        damaged = damaged[..random.Next(damaged.Length)];
                    }
                    else
                    {
                        damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                    }

                    rejected += SparseTensorCodec.Decode(damaged, shape) is null ? 1 : 0;
                }
            }
        }

        Assert.True(rejected > 0);
    }

    private static Tensor Sparse(int[] shape, double sparsity, int seed)
    {
        var random = new Random(seed);
        var tensor = new Tensor(shape);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.Data[i] = random.NextDouble() < sparsity ? 0f : (float)(random.NextDouble() - 0.5);
        }

        return tensor;
    }

    private static byte[] Bytes(Checkpoint checkpoint)
    {
        using var stream = new MemoryStream();
        checkpoint.WriteTo(stream);
        return stream.ToArray();
    }
}
