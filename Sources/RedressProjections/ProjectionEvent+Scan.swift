import RedressDomain

extension ProjectionEvent {
    /// Reads the fields a fold uses from a stored `data` object without building a JSON tree: one
    /// pass over the bytes of a flat object (what the ledger stores). Returns false, having set
    /// nothing, for anything it does not read with certainty — a nested value, white space, an
    /// escape in a value it needs, a value outside its vocabulary — and the caller then decodes the
    /// object in full (which names what is wrong, if anything is).
    mutating func scan(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        var channel: Channel?
        var category: Category?
        var severity: Severity?
        var resolution: Resolution?
        var satisfaction: Int?
        var assignedTo: String?
        var pauseReason: PauseReason?
        var bad = false
        let flat = FlatObject.scan(data) { key, value in
            func text() -> String? {
                guard case .string(let bytes) = value else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            switch type {
            case .received:
                if FlatObject.equal(key, "channel") {
                    channel = text().flatMap(Channel.init(rawValue:))
                } else if FlatObject.equal(key, "category") {
                    category = text().flatMap(Category.init(rawValue:))
                } else if FlatObject.equal(key, "severity") {
                    if case .null = value { return }
                    severity = text().flatMap(Severity.init(rawValue:))
                    if severity == nil { bad = true }
                }
            case .followedUp:
                guard FlatObject.equal(key, "satisfaction") else { return }
                switch value {
                case .null: break
                case .number(let digits) where digits.count == 1 && (0x31...0x35).contains(digits[0]):
                    satisfaction = Int(digits[0] - 0x30)
                default: bad = true
                }
            case .closed:
                if FlatObject.equal(key, "resolution") { resolution = text().flatMap(Resolution.init(rawValue:)) }
            case .assigned:
                if FlatObject.equal(key, "to") { assignedTo = text() }
            case .paused:
                if FlatObject.equal(key, "reason") { pauseReason = text().flatMap(PauseReason.init(rawValue:)) }
            case .acknowledged, .compensated, .reopened, .resumed:
                return
            }
        }
        guard flat, !bad else { return false }
        switch type {
        case .received:
            guard let channel, let category else { return false }
            self.channel = channel
            self.category = category
            self.severity = severity ?? .medium
        case .followedUp:
            self.satisfaction = satisfaction
        case .closed:
            guard let resolution else { return false }
            self.resolution = resolution
        case .assigned:
            guard let assignedTo, FieldRules.isValidStaffID(assignedTo) else { return false }
            self.assignedTo = assignedTo
        case .paused:
            guard let pauseReason else { return false }
            self.pauseReason = pauseReason
        case .acknowledged, .compensated, .reopened, .resumed:
            break
        }
        return true
    }
}

/// One pass over a flat JSON object's members: keys and values as byte ranges, no allocation.
enum FlatObject {
    /// A member's value as the scan sees it: only what the folds read is kept.
    enum Value {
        /// A string without escapes (its bytes between the quotes).
        case string(UnsafeBufferPointer<UInt8>)
        /// A string with escapes: not read here.
        case escaped
        case number(UnsafeBufferPointer<UInt8>)
        case null
        case literal
    }

    /// Whether `key`'s bytes are exactly `name`.
    static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for i in 0..<key.count where key[i] != expected[i] { return false }
        return true
    }

    /// Calls `visit` for each member of the object `bytes` holds; false when it is not a flat object
    /// written without white space (keys without escapes; values strings, numbers, true, false, null).
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ visit: (UnsafeBufferPointer<UInt8>, Value) -> Void
    ) -> Bool {
        let n = bytes.count
        guard n >= 2, bytes[0] == UInt8(ascii: "{"), bytes[n - 1] == UInt8(ascii: "}") else { return false }
        var i = 1
        if n == 2 { return true }
        while true {
            // "key"
            guard i < n, bytes[i] == UInt8(ascii: "\"") else { return false }
            let keyStart = i + 1
            i = keyStart
            while i < n && bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { return false }
                i += 1
            }
            guard i < n else { return false }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<i])
            i += 1
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            guard i < n else { return false }
            let value: Value
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i + 1
                i = start
                var escaped = false
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") {
                        escaped = true
                        i += 1
                    }
                    i += 1
                }
                guard i < n else { return false }
                value = escaped ? .escaped : .string(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                while i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}") { i += 1 }
                value = .number(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "f"):
                let start = i
                while i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}") { i += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if equal(word, "null") {
                    value = .null
                } else if equal(word, "true") || equal(word, "false") {
                    value = .literal
                } else {
                    return false
                }
            default:
                return false
            }
            visit(key, value)
            guard i < n else { return false }
            if bytes[i] == UInt8(ascii: "}") { return i == n - 1 }
            guard bytes[i] == UInt8(ascii: ",") else { return false }
            i += 1
        }
    }
}
