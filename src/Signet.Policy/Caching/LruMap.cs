namespace Signet.Policy.Caching;

/// <summary>A least-recently-used map bounded by entry count and an approximate byte total. Not thread-safe.</summary>
internal sealed class LruMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly int _maxEntries;
    private readonly long _maxBytes;

    public LruMap(int maxEntries, long maxBytes)
    {
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    public int Count => _map.Count;

    public long Bytes { get; private set; }

    public bool TryGet(TKey key, out Entry entry)
    {
        if (_map.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            entry = node.Value;
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Sets a value and returns how many entries were evicted to make room.</summary>
    public int Set(TKey key, TValue value, DateTimeOffset expires, long bytes)
    {
        Remove(key);
        var node = _order.AddFirst(new Entry(key, value, expires, bytes));
        _map[key] = node;
        Bytes += bytes;
        var evicted = 0;
        while ((_map.Count > _maxEntries || Bytes > _maxBytes) && _order.Last is { } last && last != node)
        {
            Remove(last.Value.Key);
            evicted++;
        }

        return evicted;
    }

    public bool Remove(TKey key)
    {
        if (!_map.Remove(key, out var node))
        {
            return false;
        }

        _order.Remove(node);
        Bytes -= node.Value.Bytes;
        return true;
    }

    public void Clear()
    {
        _map.Clear();
        _order.Clear();
        Bytes = 0;
    }

    internal readonly record struct Entry(TKey Key, TValue Value, DateTimeOffset Expires, long Bytes);
}
