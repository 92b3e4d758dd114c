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

    /// Where the complaint's state is in ``young`` (moved there from the old generation when it was
    /// there); nil when it is not cached. One hash of the id when it is young, and no copy of the state.
    mutating func index(of id: String) -> [String: ComplaintState].Index? {
        if let at = young.index(forKey: id) { return at }
        guard let state = old.removeValue(forKey: id) else { return nil }
        return insert(id, state)
    }

    /// Caches `state` as the complaint's, in ``young``; returns where it is.
    @discardableResult
    mutating func insert(_ id: String, _ state: ComplaintState) -> [String: ComplaintState].Index {
        if young.count >= generationLimit {
            old = young
            young = [:]
            young.reserveCapacity(generationLimit)
        }
        young[id] = state
        return young.index(forKey: id)!
    }
}
