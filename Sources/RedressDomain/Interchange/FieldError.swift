/// A field-level rule violation: which field, and what is wrong with it.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the field, e.g. `data.amount`.
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
