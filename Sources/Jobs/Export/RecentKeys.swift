/// The keys of the last `capacity` rows written, to leave out a row written again.
///
/// In a list sorted by `created_at`, a row comes twice only when a page boundary moves while the
/// export runs (a row is added or removed before it), and then close to where it was first
/// written: a window of the last pages finds it, and memory stays flat however long the list.
struct RecentKeys {
    let capacity: Int
    private var keys: Set<String> = []
    private var ring: [String] = []
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        keys.reserveCapacity(self.capacity)
        ring.reserveCapacity(self.capacity)
    }

    /// Records `key`; false when it is among the last `capacity` keys already.
    mutating func insert(_ key: String) -> Bool {
        guard !keys.contains(key) else { return false }
        if ring.count < capacity {
            ring.append(key)
        } else {
            keys.remove(ring[oldest])
            ring[oldest] = key
            oldest = (oldest + 1) % capacity
        }
        keys.insert(key)
        return true
    }
}
