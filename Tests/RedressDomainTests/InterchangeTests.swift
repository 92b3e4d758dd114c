import Testing

@testable import RedressDomain

@Suite struct InterchangeTests {
    @Test func decodesEveryTypeAndWritesItBackCanonically() throws {
        let lines = [
            line(
                "received",
                data:
                    #"{"summary":"배송이 늦었어요 😡","customer":"고객-1","channel":"phone","#
                    + #""category":"service","severity":"high","remedy_sought":"환불"}"#,
                actor: nil),
            line("acknowledged", data: #"{"note":"확인"}"#),
            line("assigned", data: #"{"to":"lee@cs"}"#),
            line("compensated", data: #"{"kind":"refund","amount":"12.50","currency":"USD"}"#),
            line("followed-up", data: #"{"satisfaction":4,"comment":"good"}"#),
            line("closed", data: #"{"resolution":"partially-resolved","root_cause":"courier"}"#),
            line("reopened", data: "{}", actor: nil),
        ]
        for text in lines {
            let decoded = try decodeLine(text)
            var w = CanonicalJSONWriter()
            decoded.event.writeInterchange(to: &w)
            #expect(try decodeLine(w.text) == decoded)
        }
        let received = try decodeLine(lines[0])
        #expect(
            received.event.data.canonicalText
                == #"{"category":"service","channel":"phone","customer":"고객-1","remedy_sought":"환불","#
                + #""severity":"high","summary":"배송이 늦었어요 😡"}"#
        )
        #expect(received.event.actor == nil)
    }

    @Test func nullAndAbsentOptionalFieldsAreTheSameContent() throws {
        let a = try decodeLine(line("followed-up", data: #"{"satisfaction":null}"#))
        let b = try decodeLine(line("followed-up", data: "{}"))
        #expect(a.event.hasSameContent(as: b.event))
        #expect(a.event.data.canonicalText == "{}")
    }

    @Test(arguments: [
        (
            line(
                "received", data: #"{"customer":"c","channel":"phone","category":"service"}"#,
                extra: #","colour":"red""#), "colour: unknown field"
        ),
        (line("acknowledged", data: #"{"mood":"ok"}"#), "data.mood: unknown field"),
        (line("compensated", data: #"{"kind":"refund","amount":12.5,"currency":"KRW"}"#), "never a float"),
        (line("compensated", data: #"{"kind":"refund","amount":15000,"currency":"KRW"}"#), "never a float"),
        (
            line("compensated", data: #"{"kind":"refund","amount":"12.505","currency":"KRW"}"#),
            "at most 2 fraction digits"
        ),
        (line("compensated", data: #"{"kind":"refund","amount":"-1","currency":"KRW"}"#), "decimal amount"),
        (line("compensated", data: #"{"kind":"refund","amount":"1e3","currency":"KRW"}"#), "decimal amount"),
        (line("compensated", data: #"{"kind":"refund","amount":"10","currency":"krw"}"#), "ISO 4217"),
        (line("compensated", data: #"{"kind":"cash","amount":"10","currency":"KRW"}"#), "not one of"),
        (line("compensated", data: #"{"amount":"10","currency":"KRW"}"#), "data.kind: is required"),
        (line("followed-up", data: #"{"satisfaction":4.0}"#), "integer from 1 to 5"),
        (line("followed-up", data: #"{"satisfaction":6}"#), "integer from 1 to 5"),
        (line("followed-up", data: #"{"satisfaction":"5"}"#), "not a string"),
        (
            line("received", data: #"{"customer":"c","channel":"fax","category":"service"}"#, actor: nil),
            "\"fax\" is not one of"
        ),
        (
            line("received", data: #"{"customer":"","channel":"phone","category":"service"}"#, actor: nil),
            "must not be empty"
        ),
        (
            line("received", data: #"{"channel":"phone","category":"service"}"#, actor: nil),
            "data.customer: is required"
        ),
        (line("closed", data: #"{"resolution":"done"}"#), "not one of"),
        (line("assigned", data: #"{"to":"김 상담원"}"#), "staff id"),
        (line("acknowledged", data: "{}", actor: nil), "actor: is required"),
        (line("acknowledged", data: "{}", actor: "kim lee"), "actor: must be"),
        (line("acknowledged", data: "[]"), "data: must be an object"),
        (line("acknowledged", data: "{}", at: "2026-03-01T10:00:00"), "offset is required"),
        (line("acknowledged", data: "{}", at: "2026-02-30T10:00:00Z"), "impossible date"),
        (line("acknowledged", data: "{}", id: "not-a-uuid"), "is not a UUID"),
        (line("acknowledged", data: "{}", complaint: "C 1"), "complaint_id: must be"),
        (line("acknowledged", data: "{}", complaint: String(repeating: "x", count: 65)), "complaint_id: must be"),
        (line("closed2", data: "{}"), "type: \"closed2\" is not one of"),
        (line("acknowledged", data: "{}", extra: #","expected_version":1.5"#), "expected_version: must be an integer"),
        (line("acknowledged", data: "{}", extra: #","expected_version":-1"#), "expected_version: must be an integer"),
        (
            line("acknowledged", data: "{}", extra: #","version":1,"position":1"#),
            "needs all of version, position, recorded_at and hash"
        ),
        (
            #"""
            {"event_id":"01890a5d-ac96-774b-bcce-b302099a8057","complaint_id":"C-1","type":"acknowledged",\#
            "actor":"k","data":{}}
            """#,
            "occurred_at: is required"
        ),
        ("[1,2]", "must be a JSON object"),
        ("{\"event_id\": }", "invalid JSON at column 14"),
    ])
    func rejects(text: String, expected: String) {
        let message = rejection(text)
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
    }

    @Test func textLimitIsFourThousandCharactersCountedAsCodePoints() {
        let ok = String(repeating: "가", count: 4000)
        #expect(rejection(line("acknowledged", data: "{\"note\":\"\(ok)\"}")) == nil)
        #expect(
            rejection(line("acknowledged", data: "{\"note\":\"\(ok)가\"}"))?.contains(
                "4001 characters is longer than 4000") == true)
        let customer = String(repeating: "c", count: 129)
        #expect(
            rejection(
                line(
                    "received", data: "{\"customer\":\"\(customer)\",\"channel\":\"web\",\"category\":\"other\"}",
                    actor: nil))?
                .contains("longer than 128") == true)
    }

    @Test func invalidUTF8InALineIsRejected() {
        var bytes = Array(line("acknowledged", data: #"{"note":"XX"}"#).utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[index] = 0xFF
        do {
            _ = try decodeBytes(bytes)
            Issue.record("accepted")
        } catch {
            #expect(error.error.description.contains("UTF-8"))
        }
    }

    @Test func errorsNameTheComplaintAndEventWhenKnown() {
        do {
            _ = try decodeLine(line("acknowledged", data: #"{"x":1}"#, complaint: "C-77"))
            Issue.record("accepted")
        } catch {
            #expect(error.complaintID == "C-77")
            #expect(error.eventID == "01890a5d-ac96-774b-bcce-b302099a8057")
        }
    }

    @Test func restoreFieldsAreRead() throws {
        let hash = String(repeating: "ab", count: 32)
        let decoded = try decodeLine(
            line(
                "acknowledged", data: "{}",
                extra: ",\"version\":2,\"position\":7,\"recorded_at\":\"2026-03-01T01:00:00.000Z\",\"hash\":\"\(hash)\""
            ))
        #expect(
            decoded.restore
                == RestoreFields(
                    version: 2, position: 7, recordedAt: try Timestamp(parsing: "2026-03-01T01:00:00Z"), hash: hash))
        #expect(
            rejection(
                line(
                    "acknowledged", data: "{}",
                    extra:
                        ",\"version\":2,\"position\":7,\"recorded_at\":\"2026-03-01T01:00:00.000Z\","
                        + "\"hash\":\"\(hash.uppercased())\""
                )) != nil)
    }

    @Test func moneyKeepsExactHundredths() {
        #expect(Money("12.5")?.hundredths == 1250)
        #expect(Money("15000")?.hundredths == 1_500_000)
        #expect(Money("0")?.hundredths == 0)
        #expect(Money("0.01")?.hundredths == 1)
        #expect(Money("007") == nil)
        #expect(Money("1.") == nil)
        #expect(Money(".5") == nil)
    }

    @Test func eventIDsRoundTripAndVersion7IsTimeOrdered() {
        let id = EventID("01890A5D-AC96-774B-BCCE-B302099A8057")!
        #expect(id.description == "01890a5d-ac96-774b-bcce-b302099a8057")
        #expect(EventID(bytes: id.bytes) == id)
        var rng = SystemRandomNumberGenerator()
        let a = EventID.version7(milliseconds: 1_700_000_000_000, using: &rng)
        let b = EventID.version7(milliseconds: 1_700_000_000_001, using: &rng)
        #expect(a < b)
        #expect(a.description.dropFirst(14).first == "7")
        #expect("89ab".contains(a.description.dropFirst(19).first!))
    }
}
