using System.Buffers;

namespace FastMesos.Transport.Tests.Buffers;

/// <summary>
/// An <see cref="ArrayPool{T}"/> for tests that counts what is out and records misuse (an array
/// returned twice or never rented here). Allocation-free once it holds enough arrays, so it can sit
/// under an allocation count.
/// </summary>
public sealed class CountingArrayPool<T> : ArrayPool<T>
{
    private readonly object _sync = new();
    private readonly Stack<T[]> _free = new();
    private readonly HashSet<T[]> _out = [];
    private readonly List<string> _errors = [];

    public long TotalRented { get; private set; }

    public int Outstanding
    {
        get
        {
            lock (_sync)
                return _out.Count;
        }
    }

    public override T[] Rent(int minimumLength)
    {
        lock (_sync)
        {
            TotalRented++;
            T[] array = _free.Count > 0 && _free.Peek().Length >= minimumLength
                ? _free.Pop()
                : new T[Math.Max(16, minimumLength)];
            _out.Add(array);
            return array;
        }
    }

    public override void Return(T[] array, bool clearArray = false)
    {
        lock (_sync)
        {
            if (!_out.Remove(array))
            {
                _errors.Add($"an array of {array.Length} returned that is not out");
                return;
            }
            if (clearArray)
                Array.Clear(array);
            _free.Push(array);
        }
    }

    /// <summary>Fails unless every rented array came back exactly once.</summary>
    public void AssertAllReturned()
    {
        lock (_sync)
        {
            Assert.Empty(_errors);
            Assert.Empty(_out);
        }
    }
}
