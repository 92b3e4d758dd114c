import RedressDomain
import RedressStore

/// A request that cannot be answered as asked.
public struct ProjectionError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
