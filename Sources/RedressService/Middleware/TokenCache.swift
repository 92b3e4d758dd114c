import Redress
import RedressStore
import Synchronization

/// Token records read recently, by token id: saves a database read per request. Every request
/// still proves its bearer against the record's salted hash (in constant time); a record expires
/// after `seconds`, so a revocation takes effect within that time. Secrets are never keys.
final class TokenCache: Sendable {
    private let ledger: Ledger
    private let store: any AccessTokenStore
    private let seconds: Double
    private let records = Mutex<[String: (AccessTokenRecord?, ContinuousClock.Instant)]>([:])

    init(ledger: Ledger, store: any AccessTokenStore, seconds: Double) {
        self.ledger = ledger
        self.store = store
        self.seconds = seconds
    }

    /// The token `bearer` proves, or `nil`.
    func token(_ bearer: String) async throws -> AccessToken? {
        guard let id = Ledger.tokenID(bearer: bearer) else { return nil }
        let now = ContinuousClock.now
        if let (record, until) = records.withLock({ $0[id] }), now < until {
            return Ledger.prove(bearer: bearer, record: record)
        }
        let record = try await store.token(id: id)
        records.withLock { records in
            if records.count > 10_000 { records.removeAll() }
            records[id] = (record, now.advanced(by: .milliseconds(Int64(seconds * 1000))))
        }
        return Ledger.prove(bearer: bearer, record: record)
    }
}
