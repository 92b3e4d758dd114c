/// A parsed JSON value that keeps what a strict ledger needs to see.
///
/// Numbers keep their source text, so that `4` and `4.0` stay distinguishable
/// (an integer field rejects the second) and no number ever passes through a
/// floating-point type. Objects keep their members in source order; the parser
/// has already rejected duplicate keys.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, already checked against JSON's number grammar.
    case number(String)
    /// A string, its escapes decoded; never holds invalid UTF-8 or a lone surrogate.
    case string(String)
    case array([JSONValue])
    /// Members in source order, keys unique.
    case object([(key: String, value: JSONValue)])

    /// Structural equality; objects compare member by member in order, so the same members in another
    /// order differ.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let text): return "the number \(text)"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
