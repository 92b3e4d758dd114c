import Foundation

/// A fixed, settable clock for `recorded_at`, shared by a conformance run and the stores it makes
/// (pass `{ clock.milliseconds }` as the store's `LedgerClock`).
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    /// A clock standing at `start` milliseconds since the epoch.
    public init(_ start: Int64 = 1_772_000_000_000) { now = start }

    /// The time it shows.
    public var milliseconds: Int64 { lock.withLock { now } }

    /// Moves it to `value` (backwards too: a machine's clock can step back).
    public func set(_ value: Int64) { lock.withLock { now = value } }

    /// Moves it on by `ms`.
    public func advance(_ ms: Int64) { lock.withLock { now += ms } }
}
