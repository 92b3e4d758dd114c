/// One NDJSON line, decoded and checked against every field rule.
public struct InterchangeLine: Sendable, Equatable {
    /// The event, every field rule already checked.
    public var event: ComplaintEvent
    /// The line's `expected_version`, when it has one.
    public var expectedVersion: Int?
    /// Present only when the line had all four of `version`, `position`, `recorded_at` and `hash`: a restore.
    public var restore: RestoreFields?
}

/// A line that could not be decoded, with what can be said of where it failed.
public struct LineError: Error, Sendable, Equatable {
    /// The complaint id, when it could be read.
    public var complaintID: String?
    /// The event id text, when it could be read.
    public var eventID: String?
    /// The field and what is wrong with it.
    public var error: FieldError
}

extension InterchangeLine {
    /// Decodes one NDJSON line (without its LF).
    ///
    /// - Throws: ``LineError`` for invalid JSON (naming the column) or any field rule the line breaks.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(LineError) -> InterchangeLine {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw LineError(error: FieldError("", "invalid JSON at column \(error.column): \(error.message)"))
        }
        return try decode(value)
    }

    /// Decodes one parsed NDJSON object.
    ///
    /// - Throws: ``LineError`` naming the field at fault, with the complaint and event ids when they read.
    public static func decode(_ value: JSONValue) throws(LineError) -> InterchangeLine {
        guard case .object(let members) = value else {
            throw LineError(error: FieldError("", "each line must be a JSON object, not \(value.typeName)"))
        }
        // One pass over the members; unknown keys are remembered and reported once the ids are known.
        var complaintValue: JSONValue?
        var eventIDValue: JSONValue?
        var typeValue: JSONValue?
        var occurredValue: JSONValue?
        var actorValue: JSONValue?
        var dataValue: JSONValue?
        var expectedValue: JSONValue?
        var versionValue: JSONValue?
        var positionValue: JSONValue?
        var recordedValue: JSONValue?
        var hashValue: JSONValue?
        var unknown: String?
        for member in members {
            switch member.key {
            case "event_id": eventIDValue = member.value
            case "complaint_id": complaintValue = member.value
            case "type": typeValue = member.value
            case "occurred_at": occurredValue = member.value
            case "actor": actorValue = member.value
            case "data": dataValue = member.value
            case "expected_version": expectedValue = member.value
            case "version": versionValue = member.value
            case "position": positionValue = member.value
            case "recorded_at": recordedValue = member.value
            case "hash": hashValue = member.value
            default: if unknown == nil { unknown = member.key }
            }
        }
        var complaintID: String?
        var eventIDText: String?
        func fail(_ field: String, _ message: String) -> LineError {
            LineError(complaintID: complaintID, eventID: eventIDText, error: FieldError(field, message))
        }
        func string(_ value: JSONValue?, _ key: String) throws(LineError) -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let other?: throw fail(key, "must be a string, not \(other.typeName)")
            }
        }
        func integer(_ value: JSONValue?, _ key: String) throws(LineError) -> Int64? {
            switch value {
            case nil, .null?: return nil
            case .number(let text)?:
                guard let number = Int64(text), number >= 0 else {
                    throw fail(key, "must be an integer ≥ 0, got \(text)")
                }
                return number
            case let other?: throw fail(key, "must be an integer, not \(other.typeName)")
            }
        }

        // Read the identifying fields first so that every later error can name them.
        complaintID = try string(complaintValue, "complaint_id")
        eventIDText = try string(eventIDValue, "event_id")
        if let unknown { throw fail(unknown, "unknown field") }
        guard let eventIDText else { throw fail("event_id", "is required") }
        guard let eventID = EventID(eventIDText) else { throw fail("event_id", "\"\(eventIDText)\" is not a UUID") }
        guard let complaint = complaintID else { throw fail("complaint_id", "is required") }
        guard FieldRules.isValidComplaintID(complaint) else {
            throw fail("complaint_id", "must be 1–64 characters of A-Z a-z 0-9 . _ : -")
        }
        guard let typeText = try string(typeValue, "type") else { throw fail("type", "is required") }
        guard let type = EventType(rawValue: typeText) else {
            throw fail(
                "type", "\"\(typeText)\" is not one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let occurredText = try string(occurredValue, "occurred_at") else {
            throw fail("occurred_at", "is required")
        }
        let occurredAt: Timestamp
        do { occurredAt = try Timestamp(parsing: occurredText) } catch {
            throw fail("occurred_at", "\"\(occurredText)\": \(error.reason)")
        }
        let actor = try string(actorValue, "actor")
        if let actor {
            guard FieldRules.isValidStaffID(actor) else {
                throw fail("actor", "must be 1–64 characters of A-Z a-z 0-9 . _ : @ -")
            }
        } else if !type.actorIsOptional {
            throw fail("actor", "is required on \(type.withArticle) event")
        }
        guard let dataValue else { throw fail("data", "is required (use {} when the type has no required field)") }
        let data: EventData
        do { data = try EventData.decode(type: type, from: dataValue) } catch {
            throw LineError(complaintID: complaintID, eventID: eventIDText, error: error)
        }
        let expected = try integer(expectedValue, "expected_version")

        var restore: RestoreFields?
        let restoreValues = [
            ("version", versionValue), ("position", positionValue), ("recorded_at", recordedValue), ("hash", hashValue),
        ]
        if let first = restoreValues.first(where: { $0.1 != nil }) {
            let missing = restoreValues.filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty else {
                throw fail(
                    first.0,
                    "a restored event needs all of version, position, recorded_at and hash "
                        + "(missing \(missing.joined(separator: ", ")))"
                )
            }
            guard let version = try integer(versionValue, "version"), version >= 1 else {
                throw fail("version", "must be ≥ 1")
            }
            guard let position = try integer(positionValue, "position"), position >= 1 else {
                throw fail("position", "must be ≥ 1")
            }
            let recordedText = try string(recordedValue, "recorded_at") ?? ""
            let recordedAt: Timestamp
            do { recordedAt = try Timestamp(parsing: recordedText) } catch {
                throw fail("recorded_at", "\"\(recordedText)\": \(error.reason)")
            }
            let hash = try string(hashValue, "hash") ?? ""
            guard hash.utf8.count == 64,
                hash.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else {
                throw fail("hash", "must be 64 lowercase hex digits")
            }
            restore = RestoreFields(version: Int(version), position: position, recordedAt: recordedAt, hash: hash)
        }
        let event = ComplaintEvent(
            eventID: eventID, complaintID: complaint, occurredAt: occurredAt, actor: actor, data: data)
        return InterchangeLine(event: event, expectedVersion: expected.map { Int($0) }, restore: restore)
    }
}
