public import RedressDomain

/// The one clock a ledger reads: milliseconds since the Unix epoch, UTC.
///
/// A store takes it in its options and stamps `recorded_at` with it inside the write
/// transaction (never behind the last event stored); tests give a fixed one. Nothing else
/// in Redress reads the time of day, and the domain (`Decider`, the codecs) never does.
public typealias LedgerClock = @Sendable () -> Int64

/// The machine's real-time clock.
public enum SystemClock {
    /// Reads the real-time clock.
    public static let now: LedgerClock = { Platform.epochMilliseconds() }
}

extension EventID {
    /// A new UUIDv7 for the clock's current time, with 74 random bits.
    public static func version7(clock: LedgerClock = SystemClock.now) -> EventID {
        var generator = SystemRandomNumberGenerator()
        return version7(milliseconds: clock(), using: &generator)
    }
}
