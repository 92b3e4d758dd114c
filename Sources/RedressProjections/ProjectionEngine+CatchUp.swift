extension ProjectionEngine {
    /// Brings the active generation of `names` up to the head, in the caller's transaction, keeping at
    /// most `cacheLimit` complaint states in memory; returns the head.
    @discardableResult
    public static func catchUp(_ tables: some ProjectionTables, _ names: [ProjectionName], cacheLimit: Int) throws
        -> Int64
    {
        let head = try tables.head()
        var behind: [(ProjectionCheckpoint, Target)] = []
        for name in names {
            let cp = try tables.checkpoint(name)
            if cp.position < head { behind.append((cp, Target(name, generation: cp.generation, from: cp.position))) }
        }
        guard !behind.isEmpty else { return head }
        let caches = FoldCaches(limit: cacheLimit)
        let reached = try fold(tables, behind.map(\.1), to: head, caches: caches)
        for (var cp, target) in behind {
            try tables.write(caches.drain(target.name), generation: target.generation)
            cp.position = max(reached, target.from)
            try tables.setCheckpoint(target.name, cp)
        }
        return head
    }
}
