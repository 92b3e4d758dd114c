import RedressDomain
import RedressStore

/// Complaint states of an import, bounded: two generations, the young one taking every state
/// used; when it is full the old one is dropped and the young one becomes old. Complaints still
/// in flight keep moving forward, long-finished ones fall out.
struct StateCache {
    /// The states in use; mutated in place by the importer.
    var young: [String: ComplaintState] = [:]
    private var old: [String: ComplaintState] = [:]
    let generationLimit: Int

    init(limit: Int) { generationLimit = max(1, limit / 2) }

    /// Makes the complaint's state available in ``young``; false when it is not cached.
    mutating func promote(_ id: String) -> Bool {
        if young[id] != nil { return true }
        guard let state = old.removeValue(forKey: id) else { return false }
        insert(id, state)
        return true
    }

    mutating func insert(_ id: String, _ state: ComplaintState) {
        if young.count >= generationLimit {
            old = young
            young = [:]
            young.reserveCapacity(generationLimit)
        }
        young[id] = state
    }
}
