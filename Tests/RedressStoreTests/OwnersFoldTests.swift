import RedressDomain
import RedressStore
import Testing

/// The fold every backend's `owners(asOf:)` hands its rows to: the owner rule, and `to` read from
/// the canonical data directly or, for anything else, by the domain's decoder.
@Suite struct OwnersFoldTests {
    func add(
        _ fold: inout OwnersFold, _ position: Int64, _ id: String, _ type: EventType, _ actor: String?,
        _ data: String
    ) throws {
        var text = data
        try text.withUTF8 { bytes in
            try fold.add(position: position, complaintID: id, type: type, actor: actor, data: bytes)
        }
    }

    @Test func latestAssigneeElseFirstAcknowledger() throws {
        var fold = OwnersFold()
        try add(&fold, 1, "A", .received, nil, #"{"customer":"c","channel":"phone","category":"service"}"#)
        try add(&fold, 2, "A", .acknowledged, "kim", "{}")
        try add(&fold, 3, "B", .acknowledged, "lee", #"{"note":"x"}"#)
        try add(&fold, 4, "B", .acknowledged, "park", "{}")
        try add(&fold, 5, "C", .assigned, "lee", #"{"to":"choi"}"#)
        try add(&fold, 6, "C", .assigned, "lee", #"{"to":"agent:7@desk.one"}"#)
        try add(&fold, 7, "D", .received, nil, "{}")
        #expect(fold.owners == ["A": "kim", "B": "lee", "C": "agent:7@desk.one"])
    }

    /// Data that is not exactly `{"to":"…"}` goes through the decoder: still read when valid,
    /// refused, naming the position, when not.
    @Test func otherDataGoesThroughTheDecoder() throws {
        var fold = OwnersFold()
        try add(&fold, 1, "A", .assigned, "lee", #"{ "to" : "kim" }"#)
        try add(&fold, 2, "B", .assigned, "lee", #"{"to":"k\u0069m"}"#)
        #expect(fold.owners == ["A": "kim", "B": "kim"])
        for bad in [#"{"to":"kim","x":1}"#, #"{"to":"a b"}"#, #"{"to":""}"#, "{}", #"{"to":"kim""#, "nope"] {
            var other = OwnersFold()
            let error = #expect(throws: StoredRowError.self, "\(bad)") {
                try add(&other, 9, "A", .assigned, "lee", bad)
            }
            #expect(error?.position == 9)
        }
    }

    /// The type as stored text: the two that decide an owner are read, every other name skipped.
    @Test func typeNamesAsStored() throws {
        var fold = OwnersFold()
        for (position, name, data) in [
            (1, "acknowledged", "{}"), (2, "assigned", #"{"to":"kim"}"#), (3, "closed", "?"),
        ] {
            var typeName = name
            var text = data
            try typeName.withUTF8 { type in
                try text.withUTF8 { bytes in
                    try fold.add(position: Int64(position), complaintID: "A", typeName: type, actor: "lee", data: bytes)
                }
            }
        }
        #expect(fold.owners == ["A": "kim"])
    }
}
