/// A field-level rule violation: which field, and what is wrong with it.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the field, e.g. `data.amount`.
    public let field: String
    /// What is wrong, one sentence.
    public let message: String

    /// An error on `field` (a JSON path such as `data.amount`, or empty for the line as a whole).
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`, or the message alone when no field is named.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
