using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Sprig.Serialization;
using Sprig.Tensors;

namespace Sprig.Tests.Serialization;

/// <summary>Checkpoints round-trip exactly, and damaged ones fail only with a one-line <see cref="SprigException"/>.</summary>
public sealed class CheckpointTests
{
    private const int FuzzCases = 10_000;

    [Fact]
    public void RoundTripsTensorsMasksAndMetadata()
    {
        Checkpoint original = Sample(new Random(1));
        string path = Path.Combine(Directory.CreateTempSubdirectory("sprig-ckpt-").FullName, "c.sprig");

        original.Save(path);
        Checkpoint loaded = Checkpoint.Load(path);

        Assert.Equal(original.Metadata, loaded.Metadata);
        Assert.Equal(original.Tensors.Keys.Order(), loaded.Tensors.Keys.Order());
        foreach (var (name, tensor) in original.Tensors)
        {
            Assert.Equal(tensor.ShapeArray(), loaded.Tensors[name].ShapeArray());
            Assert.Equal(tensor.Data, loaded.Tensors[name].Data);
        }

        Assert.Equal(original.Masks["m"].Data, loaded.Masks["m"].Data);
    }

    [Fact]
    public void MasksAreStoredAsBits()
    {
        var checkpoint = new Checkpoint();
        checkpoint.Masks["big"] = new Tensor(1000, 1000);
        string path = Path.Combine(Directory.CreateTempSubdirectory("sprig-ckpt-").FullName, "c.sprig");

        checkpoint.Save(path);

        Assert.InRange(new FileInfo(path).Length, 125_000, 126_000);
    }

    [Fact]
    public void SavingOverAnExistingFileLeavesNoTemporaryFiles()
    {
        string dir = Directory.CreateTempSubdirectory("sprig-ckpt-").FullName;
        string path = Path.Combine(dir, "c.sprig");
        Sample(new Random(2)).Save(path);
        Sample(new Random(3)).Save(path);

        Assert.Equal(["c.sprig"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(40)]
    public void TruncatedFileIsRejected(int keep)
    {
        byte[] bytes = Bytes(Sample(new Random(4)));

        var e = Assert.Throws<SprigException>(() => Checkpoint.Decode(bytes[..keep], "c.sprig"));

        Assert.StartsWith("c.sprig: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlippedByteIsCaughtByTheChecksum()
    {
        byte[] bytes = Bytes(Sample(new Random(5)));
        bytes[bytes.Length / 2] ^= 0x10;

        var e = Assert.Throws<SprigException>(() => Checkpoint.Decode(bytes, "c.sprig"));

        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MutatedInputsFailOnlyWithSprigException()
    {
        int decoded = 0;
        int rejected = 0;
        Property property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            byte[] body = Mutate(random, Bytes(Sample(random))[..^32]);

            // Re-seal most mutants with a valid checksum so the parser itself, not only the hash check, is exercised.
            byte[] input = random.Next(4) == 0 ? body : [.. body, .. SHA256.HashData(body)];
            try
            {
                Checkpoint.Decode(input, "fuzz");
                decoded++;
            }
            catch (SprigException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
            }
        });

        Check.One(Common.Fuzzing.Config(FuzzCases), property);

        Assert.True(decoded > 0 && rejected > FuzzCases / 2, $"decoded {decoded}, rejected {rejected}");
    }

    private static Checkpoint Sample(Random random)
    {
        var checkpoint = new Checkpoint { Metadata = $"{{\"epoch\":{random.Next(100)}}}" };
        for (int i = 0; i < random.Next(1, 4); i++)
        {
            var tensor = new Tensor(random.Next(1, 4), random.Next(1, 5));
            for (int j = 0; j < tensor.Length; j++)
            {
                tensor.Data[j] = (float)random.NextDouble();
            }

            checkpoint.Tensors[$"t{i}"] = tensor;
        }

        var mask = new Tensor(random.Next(1, 20));
        for (int j = 0; j < mask.Length; j++)
        {
            mask.Data[j] = random.Next(2);
        }

        checkpoint.Masks["m"] = mask;
        return checkpoint;
    }

    private static byte[] Bytes(Checkpoint checkpoint)
    {
        using var stream = new MemoryStream();
        checkpoint.WriteTo(stream);
        return stream.ToArray();
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        byte[] result = (byte[])bytes.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    result[random.Next(result.Length)] = (byte)random.Next(256);
                }

                return result;
            case 1:
                return result[..random.Next(result.Length)];
            case 2:
                // Overwrite one int32 field with an extreme value (lengths, ranks, dimensions).
                int at = random.Next(Math.Max(1, result.Length - 4));
                BitConverter.TryWriteBytes(result.AsSpan(at), random.Next(3) switch { 0 => -1, 1 => int.MaxValue, _ => random.Next(1 << 20) });
                return result;
            default:
                return [.. result, .. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256))];
        }
    }
}
