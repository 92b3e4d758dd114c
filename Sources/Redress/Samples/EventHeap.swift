import Foundation
import RedressDomain

/// Min-heap of complaints by their next event's time (ties: earlier complaint first).
struct EventHeap {
    /// One complaint's events and the index of the next one to emit; `sequence` breaks ties in time.
    struct Entry {
        var events: [ComplaintEvent]
        var next: Int
        var sequence: Int
    }
    private var items: [Entry] = []
    var peek: Entry? { items.first }

    /// Whether `a`'s next event comes before `b`'s: earlier time first, then the earlier complaint.
    private func less(_ a: Entry, _ b: Entry) -> Bool {
        let ta = a.events[a.next].occurredAt.epochMilliseconds
        let tb = b.events[b.next].occurredAt.epochMilliseconds
        return ta != tb ? ta < tb : a.sequence < b.sequence
    }

    /// Adds `entry` in O(log n).
    mutating func push(_ entry: Entry) {
        items.append(entry)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the entry whose next event comes first, in O(log n); `nil` when empty.
    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var smallest = i
            if l < items.count, less(items[l], items[smallest]) { smallest = l }
            if r < items.count, less(items[r], items[smallest]) { smallest = r }
            guard smallest != i else { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return top
    }
}
