import RedressDomain
import RedressStore

/// How an import treats a bad line.
public enum ImportMode: Sendable {
    /// The first bad line rejects the whole import; nothing is stored.
    case allOrNothing
    /// Valid lines land; each rejected line goes to `rejects` with its reason.
    case skipInvalid(rejects: OutputSink)
}

extension ImportMode {
    /// Whether every line goes into one transaction.
    var isAllOrNothing: Bool {
        if case .allOrNothing = self { return true }
        return false
    }
}
