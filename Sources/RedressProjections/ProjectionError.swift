import RedressDomain
import RedressStore

/// A request that cannot be answered as asked.
public struct ProjectionError: Error, CustomStringConvertible, Equatable {
    /// What cannot be answered, and why, one sentence for the user.
    public let message: String
    /// An error whose ``message`` is `message`, shown to the user as it is.
    public init(_ message: String) { self.message = message }
    /// The ``message``, unchanged.
    public var description: String { message }
}
