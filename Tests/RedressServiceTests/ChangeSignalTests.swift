import Foundation
import Testing

@testable import RedressService

/// The long-poll's wake-up: a signal sent after a reader took the count is never lost, whenever it
/// comes — before the reader's wait is registered, while it waits, or racing it. Every wait here
/// has an hour's timeout; the tests wait for the condition with a ceiling of a minute, so a lost
/// wake-up fails them while a slow machine only makes them slower.
@Suite struct ChangeSignalTests {
    /// `body`'s result, or `nil` when it has not returned after `ceiling` (it is then cancelled).
    static func within<T: Sendable>(_ ceiling: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: ceiling)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static let hour = Duration.seconds(3600)
    static let ceiling = Duration.seconds(60)

    /// The window the feed had: a commit signalled after the reader read the ledger but before its
    /// wait was registered. The old wait slept through it (to its timeout); this one returns at once.
    @Test func aSignalBetweenTheReadAndTheWaitIsNotLost() async {
        let signal = ChangeSignal()
        let seen = await signal.generation
        await signal.signal()
        let woken = await Self.within(Self.ceiling) { await signal.wait(after: seen, timeout: Self.hour) }
        #expect(woken == true, "a signal sent before the wait was registered was lost")
    }

    @Test func aWaitingReaderIsWokenByTheNextSignal() async throws {
        let signal = ChangeSignal()
        let seen = await signal.generation
        async let woken = Self.within(Self.ceiling) { await signal.wait(after: seen, timeout: Self.hour) }
        let deadline = ContinuousClock.now + Self.ceiling
        while await signal.waiting == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        await signal.signal()
        #expect(await woken == true)
        #expect(await signal.waiting == 0)
    }

    /// Readers and writers racing: each reader takes the count, then a writer signals at any moment
    /// (before, during or after the reader's registration); every reader returns, none at its timeout.
    @Test func noWakeUpIsLostWhenReadersAndSignalsRace() async {
        let signal = ChangeSignal()
        let rounds = 500
        let returned = await Self.within(Self.ceiling) {
            await withTaskGroup(of: Bool.self) { group in
                for k in 0..<rounds {
                    let seen = await signal.generation
                    group.addTask { await signal.wait(after: seen, timeout: Self.hour) }
                    group.addTask {
                        if k % 3 == 1 { await Task.yield() }
                        await signal.signal()
                        return true
                    }
                }
                var all = true
                for await result in group { all = all && result }
                return all
            }
        }
        #expect(returned == true, "a reader was still waiting after \(Self.ceiling): a wake-up was lost")
        #expect(await signal.waiting == 0)
    }

    @Test func withoutASignalTheWaitEndsAtItsTimeout() async {
        let signal = ChangeSignal()
        let seen = await signal.generation
        let woken = await signal.wait(after: seen, timeout: .milliseconds(20))
        #expect(!woken)
        #expect(await signal.waiting == 0)
    }
}
