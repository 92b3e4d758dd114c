import RedressDomain
import RedressStore

/// An event for the suites, with a fresh id.
func makeEvent(
    _ complaint: String, _ data: EventData, at: String, by actor: String? = "kim",
    id: EventID = .version7()
) -> ComplaintEvent {
    ComplaintEvent(
        eventID: id, complaintID: complaint, occurredAt: try! Timestamp(parsing: at), actor: actor, data: data)
}

/// A complaint's first event, in Korean as often as not.
let received = EventData.received(
    .init(customer: "고객-1", channel: .phone, category: .service, summary: "배송이 늦었어요 😡"))
