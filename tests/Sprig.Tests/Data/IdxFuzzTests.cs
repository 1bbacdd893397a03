using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Sprig.Data;

namespace Sprig.Tests.Data;

/// <summary>Random and mutated IDX inputs must decode or fail with a <see cref="SprigException"/>, nothing else.</summary>
public sealed class IdxFuzzTests
{
    private const int Cases = 10_000;

    [Fact]
    public void MutatedFilesFailOnlyWithSprigException()
    {
        int decoded = 0;
        int rejected = 0;
        Property property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            byte[] input = MutatedFile(new Random(seed));
            foreach (bool images in (ReadOnlySpan<bool>)[true, false])
            {
                try
                {
                    Decode(input, images);
                    decoded++;
                }
                catch (SprigException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                    rejected++;
                }
            }
        });

        Check.One(Common.Fuzzing.Config(Cases), property);

        // Both outcomes must occur, or the mutations are not exercising the reader.
        Assert.InRange(decoded, Cases / 20, 2 * Cases);
        Assert.InRange(rejected, Cases / 2, 2 * Cases);
    }

    private static void Decode(byte[] input, bool images)
    {
        if (images)
        {
            IdxImages result = IdxReader.DecodeImages(input, "fuzz");
            Assert.Equal((long)result.Count * result.Rows * result.Columns, result.Pixels.Length);
        }
        else
        {
            Assert.NotEmpty(IdxReader.DecodeLabels(input, "fuzz"));
        }
    }

    private static byte[] MutatedFile(Random random)
    {
        int count = random.Next(1, 5);
        int rows = random.Next(1, 7);
        int columns = random.Next(1, 7);
        byte[] valid = random.Next(2) == 0
            ? IdxBytes.Build([count, rows, columns], RandomBytes(random, count * rows * columns))
            : IdxBytes.Labels(RandomBytes(random, random.Next(1, 20)));

        return random.Next(4) switch
        {
            0 => Mutate(random, valid),
            1 => IdxBytes.Gzip(Mutate(random, valid)),
            2 => Mutate(random, IdxBytes.Gzip(valid)),
            _ => random.Next(3) == 0 ? IdxBytes.Gzip(valid) : valid,
        };
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        byte[] result = (byte[])bytes.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (int k = random.Next(1, 5); k > 0; k--)
                {
                    result[random.Next(result.Length)] ^= (byte)random.Next(1, 256);
                }

                return result;
            case 1:
                return result[..random.Next(result.Length)];
            case 2:
                return [.. result, .. RandomBytes(random, random.Next(1, 9))];
            case 3:
                int headerByte = random.Next(Math.Min(16, result.Length));
                result[headerByte] = (byte)random.Next(256);
                return result;
            case 4:
                int field = 4 * random.Next(1, 4);
                uint[] extremes = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, (uint)random.Next()];
                if (result.Length >= field + 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(field), extremes[random.Next(extremes.Length)]);
                }

                return result;
            default:
                return RandomBytes(random, random.Next(0, 64));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
