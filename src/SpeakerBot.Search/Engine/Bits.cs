using System.Numerics;

namespace SpeakerBot.Search.Engine;

/// <summary>Dense bitsets over a segment's documents, as plain ulong arrays (filters are ANDs and ORs of these).</summary>
internal static class Bits
{
    public static ulong[] New(int count) => new ulong[(count + 63) >> 6];

    public static ulong[] All(int count)
    {
        var bits = New(count);
        for (var i = 0; i < count; i++)
        {
            Set(bits, i);
        }

        return bits;
    }

    public static void Set(ulong[] bits, int i) => bits[i >> 6] |= 1UL << (i & 63);

    public static void Clear(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << (i & 63));

    public static bool Get(ulong[] bits, int i) => (bits[i >> 6] & (1UL << (i & 63))) != 0;

    public static void AndWith(ulong[] target, ulong[] other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= other[i];
        }
    }

    public static void OrWith(ulong[] target, ulong[] other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] |= other[i];
        }
    }

    public static int Count(ulong[] bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }
}
