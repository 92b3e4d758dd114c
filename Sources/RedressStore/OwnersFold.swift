public import RedressDomain

/// SPEC 1.3's owner of every complaint, folded from the log's `acknowledged` and `assigned` rows in
/// position order: what ``EventStore/owners(asOf:)`` returns, whichever backend read the rows.
///
/// A backend only moves rows — (position, complaint id, type, actor, `data`) — to
/// ``add(position:complaintID:type:actor:data:)``; reading an `assigned` event's `to` and the owner rule,
/// `Ownership.owner(latestAssignee:firstAcknowledgedBy:)`, happen here, once, for every backend.
public struct OwnersFold: Sendable {
    /// What decides one complaint's owner.
    private struct Entry: Sendable {
        var latestAssignee: String?
        var firstAcknowledgedBy: String?
    }

    /// The types whose rows decide an owner (every other row may be passed, and is skipped).
    public static let types: [EventType] = [.acknowledged, .assigned]

    private var entries: [String: Entry] = [:]

    /// An empty fold: no complaint has an owner.
    public init() {}

    /// Folds one row (in position order): an `acknowledged` row's actor, an `assigned` row's `to` read
    /// from `data`, the canonical data object's bytes. A row of any other type is skipped.
    ///
    /// - Throws: `StoredRowError` when an `assigned` row's `data` is not a valid `assigned` data object.
    public mutating func add(
        position: Int64, complaintID: String, type: EventType, actor: String?, data: UnsafeBufferPointer<UInt8>
    ) throws {
        switch type {
        case .acknowledged:
            Self.acknowledge(&entries[complaintID, default: Entry()], by: actor)
        case .assigned:
            entries[complaintID, default: Entry()].latestAssignee = try Self.assignee(data, position: position)
        default:
            break
        }
    }

    /// Keeps the first acknowledger only: later acknowledgements (a reopened cycle's) change no owner.
    private static func acknowledge(_ entry: inout Entry, by actor: String?) {
        if entry.firstAcknowledgedBy == nil { entry.firstAcknowledgedBy = actor }
    }

    /// Folds one row whose type is still its stored name; a name outside the two types is skipped.
    public mutating func add(
        position: Int64, complaintID: String, typeName: UnsafeBufferPointer<UInt8>, actor: String?,
        data: UnsafeBufferPointer<UInt8>
    ) throws {
        let type: EventType
        if Self.equal(typeName, Self.assignedName) {
            type = .assigned
        } else if Self.equal(typeName, Self.acknowledgedName) {
            type = .acknowledged
        } else {
            return
        }
        try add(position: position, complaintID: complaintID, type: type, actor: actor, data: data)
    }

    /// Folds one stored event (in position order).
    ///
    /// - Throws: `StoredRowError` when an `assigned` event's `data` is not a valid `assigned` data object.
    public mutating func add(_ event: StoredEvent) throws {
        guard event.type == .acknowledged || event.type == .assigned else { return }
        var text = event.dataJSON
        try text.withUTF8 { bytes in
            try add(
                position: event.position, complaintID: event.complaintID, type: event.type, actor: event.actor,
                data: bytes)
        }
    }

    /// Complaint id → owner, for every complaint that has one.
    public var owners: [String: String] {
        var owners: [String: String] = [:]
        owners.reserveCapacity(entries.count)
        for (id, entry) in entries {
            if let owner = Ownership.owner(
                latestAssignee: entry.latestAssignee, firstAcknowledgedBy: entry.firstAcknowledgedBy)
            {
                owners[id] = owner
            }
        }
        return owners
    }

    private static let acknowledgedName = Array(EventType.acknowledged.rawValue.utf8)
    private static let assignedName = Array(EventType.assigned.rawValue.utf8)
    private static let toPrefix = Array(#"{"to":""#.utf8)

    /// Whether `bytes` are exactly `name`.
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: [UInt8]) -> Bool {
        bytes.count == name.count && bytes.elementsEqual(name)
    }

    /// An `assigned` event's `to`: read straight from the canonical `{"to":"…"}` when the data is exactly
    /// that (a staff id has no character JSON escapes), else by the domain's decoder, which also names
    /// what is wrong with a row that is not a valid `assigned` data object.
    static func assignee(_ data: UnsafeBufferPointer<UInt8>, position: Int64) throws -> String {
        let prefix = toPrefix.count
        if data.count > prefix + 2, data[data.count - 2] == UInt8(ascii: "\""),
            data[data.count - 1] == UInt8(ascii: "}"),
            data.prefix(prefix).elementsEqual(toPrefix)
        {
            let value = UnsafeBufferPointer(rebasing: data[prefix..<(data.count - 2)])
            if !value.contains(UInt8(ascii: "\"")) && !value.contains(UInt8(ascii: "\\")) {
                let to = String(decoding: value, as: UTF8.self)
                if FieldRules.isValidStaffID(to) { return to }
            }
        }
        do {
            guard case .assigned(let to) = try EventData.decode(type: .assigned, from: try JSONParser.parse(data))
            else { throw StoredRowError(position: position, eventID: nil, message: "not an assigned event's data") }
            return to
        } catch let error as StoredRowError {
            throw error
        } catch {
            throw StoredRowError(position: position, eventID: nil, message: "stored data no longer valid: \(error)")
        }
    }
}
