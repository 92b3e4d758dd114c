/// The field rules of SPEC 1.1–1.2, shared by the NDJSON codec and the record commands.
public enum FieldRules {
    /// Longest free text, in Unicode scalar values (code points).
    public static let maximumTextLength = 4_000

    /// 1–64 characters of `A-Z a-z 0-9 . _ : -`.
    public static func isValidComplaintID(_ text: String) -> Bool { isIdentifier(text, allowAt: false) }

    /// 1–64 characters of `A-Z a-z 0-9 . _ : @ -` (actors and `assigned.to`).
    public static func isValidStaffID(_ text: String) -> Bool { isIdentifier(text, allowAt: true) }

    static func isIdentifier(_ text: String, allowAt: Bool) -> Bool {
        let utf8 = text.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x3A || c == 0x2D || (allowAt && c == 0x40)
        }
    }

    /// Three capital letters (the shape of an ISO 4217 code).
    public static func isValidCurrency(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// Length in Unicode scalar values.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }
}

/// A field-level rule violation: which field, and what is wrong with it.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSON path of the field, e.g. `data.amount`.
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) { self.field = field; self.message = message }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

extension EventData {
    /// Builds and validates `data` for `type` from its parsed JSON object.
    ///
    /// Unknown keys, wrong JSON types, missing required fields, values outside
    /// their vocabularies, over-long text and floats for money are all errors.
    public static func decode(type: EventType, from value: JSONValue) throws(FieldError) -> EventData {
        guard case let .object(members) = value else { throw FieldError("data", "must be an object, not \(value.typeName)") }
        var fields = FieldReader(members: members)
        let data: EventData
        switch type {
        case .received:
            data = .received(Received(
                customer: try fields.requiredText("customer", maxLength: 128),
                channel: try fields.requiredEnum("channel", Channel.self),
                category: try fields.requiredEnum("category", Category.self),
                severity: try fields.optionalEnum("severity", Severity.self),
                summary: try fields.optionalText("summary"),
                remedySought: try fields.optionalText("remedy_sought")))
        case .acknowledged:
            data = .acknowledged(note: try fields.optionalText("note"))
        case .assigned:
            let to = try fields.requiredText("to", maxLength: 64)
            guard FieldRules.isValidStaffID(to) else {
                throw FieldError("data.to", "must be a staff id of 1–64 characters A-Z a-z 0-9 . _ : @ -")
            }
            data = .assigned(to: to)
        case .compensated:
            let kind = try fields.requiredEnum("kind", CompensationKind.self)
            let amount = try fields.money("amount")
            let currency = try fields.requiredText("currency", maxLength: 3)
            guard FieldRules.isValidCurrency(currency) else {
                throw FieldError("data.currency", "must be an ISO 4217 code of 3 capital letters, got \"\(currency)\"")
            }
            data = .compensated(Compensation(kind: kind, amount: amount, currency: currency, note: try fields.optionalText("note")))
        case .followedUp:
            data = .followedUp(satisfaction: try fields.satisfaction(), comment: try fields.optionalText("comment"))
        case .closed:
            data = .closed(resolution: try fields.requiredEnum("resolution", Resolution.self),
                           rootCause: try fields.optionalText("root_cause"))
        case .reopened:
            data = .reopened(reason: try fields.optionalText("reason"))
        }
        if let unknown = fields.unread.first {
            throw FieldError("data.\(unknown)", "unknown field for a \(type.rawValue) event")
        }
        return data
    }
}

/// Reads the members of a `data` object, remembering which ones were used.
struct FieldReader {
    private var members: [(key: String, value: JSONValue)]
    private var used: [Bool]

    init(members: [(key: String, value: JSONValue)]) {
        self.members = members
        self.used = Array(repeating: false, count: members.count)
    }

    var unread: [String] { zip(members, used).filter { !$1 }.map { $0.0.key } }

    mutating func take(_ key: String) -> JSONValue? {
        for i in members.indices where members[i].key == key {
            used[i] = true
            return members[i].value
        }
        return nil
    }

    mutating func optionalText(_ key: String, maxLength: Int = FieldRules.maximumTextLength) throws(FieldError) -> String? {
        switch take(key) {
        case nil, .null?: return nil
        case let .string(text)?:
            let length = FieldRules.length(text)
            guard length <= maxLength else {
                throw FieldError("data.\(key)", "text of \(length) characters is longer than \(maxLength)")
            }
            return text
        case let other?: throw FieldError("data.\(key)", "must be a string, not \(other.typeName)")
        }
    }

    mutating func requiredText(_ key: String, maxLength: Int) throws(FieldError) -> String {
        guard let text = try optionalText(key, maxLength: maxLength) else { throw FieldError("data.\(key)", "is required") }
        guard !text.isEmpty else { throw FieldError("data.\(key)", "must not be empty") }
        return text
    }

    mutating func optionalEnum<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(FieldError) -> E?
    where E.RawValue == String {
        guard let text = try optionalText(key) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError("data.\(key)", "\"\(text)\" is not one of \(allowed)")
        }
        return value
    }

    mutating func requiredEnum<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(FieldError) -> E
    where E.RawValue == String {
        guard let value = try optionalEnum(key, type) else { throw FieldError("data.\(key)", "is required") }
        return value
    }

    mutating func money(_ key: String) throws(FieldError) -> Money {
        switch take(key) {
        case nil, .null?: throw FieldError("data.\(key)", "is required")
        case let .number(text)?:
            throw FieldError("data.\(key)", "must be a decimal string such as \"\(text)\", not a JSON number (money is never a float)")
        case let .string(text)?:
            guard let money = Money(text) else {
                throw FieldError("data.\(key)", "\"\(text)\" is not a decimal amount ≥ 0 with at most 2 fraction digits")
            }
            return money
        case let other?: throw FieldError("data.\(key)", "must be a decimal string, not \(other.typeName)")
        }
    }

    mutating func satisfaction() throws(FieldError) -> Int? {
        switch take("satisfaction") {
        case nil, .null?: return nil
        case let .number(text)?:
            guard let value = Int(text), (1...5).contains(value), !text.hasPrefix("-") else {
                throw FieldError("data.satisfaction", "must be an integer from 1 to 5, got \(text)")
            }
            return value
        case let other?: throw FieldError("data.satisfaction", "must be an integer from 1 to 5, not \(other.typeName)")
        }
    }
}
