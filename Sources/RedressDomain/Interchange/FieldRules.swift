/// The field rules of SPEC 1.1–1.2, shared by the NDJSON codec and the record commands.
public enum FieldRules {
    /// Longest free text, in Unicode scalar values (code points).
    public static let maximumTextLength = 4_000

    /// 1–64 characters of `A-Z a-z 0-9 . _ : -`.
    public static func isValidComplaintID(_ text: String) -> Bool { isIdentifier(text, allowAt: false) }

    /// 1–64 characters of `A-Z a-z 0-9 . _ : @ -` (actors and `assigned.to`).
    public static func isValidStaffID(_ text: String) -> Bool { isIdentifier(text, allowAt: true) }

    /// 1–64 bytes, each an ASCII letter or digit or one of `. _ : -` (and `@` when `allowAt`).
    static func isIdentifier(_ text: String, allowAt: Bool) -> Bool {
        let utf8 = text.utf8
        guard (1...64).contains(utf8.count) else { return false }
        // Over the bytes where they lie (a walk of `String.UTF8View` was 3% of decoding a line).
        func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            bytes.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                    || c == 0x2E || c == 0x5F || c == 0x3A || c == 0x2D || (allowAt && c == 0x40)
            }
        }
        return utf8.withContiguousStorageIfAvailable(check) ?? Array(utf8).withUnsafeBufferPointer(check)
    }

    /// Three capital letters (the shape of an ISO 4217 code).
    public static func isValidCurrency(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// Length in Unicode scalar values.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }
}

/// Reads the members of a `data` object, remembering which ones were used.
struct FieldReader {
    private var members: [(key: String, value: JSONValue)]
    private var used: [Bool]

    /// A reader over `members`, none of them used yet.
    init(members: [(key: String, value: JSONValue)]) {
        self.members = members
        self.used = Array(repeating: false, count: members.count)
    }

    /// The keys no `take` asked for, in source order: the caller reports the first as unknown.
    var unread: [String] { zip(members, used).filter { !$1 }.map { $0.0.key } }

    /// The value of `key`, marking it used; `nil` when the object has no such member.
    mutating func take(_ key: String) -> JSONValue? {
        for i in members.indices where members[i].key == key {
            used[i] = true
            return members[i].value
        }
        return nil
    }

    /// The string at `key`; `nil` when absent or `null`.
    ///
    /// - Throws: ``FieldError`` on `data.KEY` for a value that is not a string, or longer than `maxLength`
    ///   Unicode scalar values.
    mutating func optionalText(_ key: String, maxLength: Int = FieldRules.maximumTextLength) throws(FieldError)
        -> String?
    {
        switch take(key) {
        case nil, .null?: return nil
        case .string(let text)?:
            // No text has more scalars than UTF-8 bytes: counting them (2% of decoding a line) only
            // when the bytes are over the limit.
            if text.utf8.count > maxLength {
                let length = FieldRules.length(text)
                guard length <= maxLength else {
                    throw FieldError("data.\(key)", "text of \(length) characters is longer than \(maxLength)")
                }
            }
            return text
        case let other?: throw FieldError("data.\(key)", "must be a string, not \(other.typeName)")
        }
    }

    /// The string at `key`, which must be present and not empty.
    ///
    /// - Throws: ``FieldError`` on `data.KEY` when it is absent, `null`, empty, not a string or too long.
    mutating func requiredText(_ key: String, maxLength: Int) throws(FieldError) -> String {
        guard let text = try optionalText(key, maxLength: maxLength) else {
            throw FieldError("data.\(key)", "is required")
        }
        guard !text.isEmpty else { throw FieldError("data.\(key)", "must not be empty") }
        return text
    }

    /// The vocabulary value named by the string at `key`; `nil` when absent or `null`.
    ///
    /// - Throws: ``FieldError`` listing the allowed values when the string names none of them.
    mutating func optionalEnum<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(FieldError) -> E?
    where E.RawValue == String {
        guard let text = try optionalText(key) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw FieldError("data.\(key)", "\"\(text)\" is not one of \(allowed)")
        }
        return value
    }

    /// ``optionalEnum(_:_:)`` for a field that must be present.
    mutating func requiredEnum<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(FieldError)
        -> E
    where E.RawValue == String {
        guard let value = try optionalEnum(key, type) else { throw FieldError("data.\(key)", "is required") }
        return value
    }

    /// The amount at `key`: a decimal string, never a JSON number (a float could not round-trip exactly).
    ///
    /// - Throws: ``FieldError`` when absent, a JSON number, not a string, or not `digits[.d[d]]`.
    mutating func money(_ key: String) throws(FieldError) -> Money {
        switch take(key) {
        case nil, .null?: throw FieldError("data.\(key)", "is required")
        case .number(let text)?:
            throw FieldError(
                "data.\(key)",
                "must be a decimal string such as \"\(text)\", not a JSON number (money is never a float)")
        case .string(let text)?:
            guard let money = Money(text) else {
                throw FieldError(
                    "data.\(key)", "\"\(text)\" is not a decimal amount ≥ 0 with at most 2 fraction digits")
            }
            return money
        case let other?: throw FieldError("data.\(key)", "must be a decimal string, not \(other.typeName)")
        }
    }

    /// `satisfaction`: an integer 1–5 written as a JSON number, or `nil` when absent or `null`.
    mutating func satisfaction() throws(FieldError) -> Int? {
        switch take("satisfaction") {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let value = Int(text), (1...5).contains(value), !text.hasPrefix("-") else {
                throw FieldError("data.satisfaction", "must be an integer from 1 to 5, got \(text)")
            }
            return value
        case let other?: throw FieldError("data.satisfaction", "must be an integer from 1 to 5, not \(other.typeName)")
        }
    }
}
