import Foundation
public import RedressDomain
public import RedressProjections

/// A deterministic generator of realistic complaint streams, valid under the whole spec.
///
/// Same seed and options, same bytes. Complaints are received across `months`
/// calendar months (Asia/Seoul, +09:00) from `start`; recovery times are
/// log-normal with long tails; channels, categories and severities follow skewed
/// mixes; some complaints are reassigned, compensated in KRW or USD, followed up
/// with or without a rating, paused while waiting on the customer or a third party (resumed by the
/// customer's reply, sometimes across a weekend or a holiday, sometimes closed while paused), reopened
/// and closed again, or left open. Complaints arrive at any hour; staff act in the centre's working
/// hours (``workCalendar``). Text is Korean or English. Events of different complaints interleave in
/// time order.
public struct SampleData: Sendable {
    /// How many complaints to generate (0 gives an empty output).
    public var complaints: Int
    /// The seed: the same seed and options give the same bytes.
    public var seed: UInt64
    /// Calendar months the complaints are received across, from ``start`` (at least 1).
    public var months: Int
    /// First month, `YYYY-MM`.
    public var start: String
    /// How many staff members act (at least 2).
    public var staffCount: Int
    /// When staff work: an event by staff that would fall outside it moves to the next working
    /// instant (a customer's events — receipt, reply, reopen — keep their hour).
    public var workCalendar = SampleData.seoulWeek

    /// Monday to Friday, 09:00–12:00 and 13:00–18:00 in Asia/Seoul, no holidays: the default working week.
    public static let seoulWeek: WorkingCalendar = {
        let hour: Int64 = 3_600_000
        let day: [WorkingCalendar.Interval] = [
            .init(start: 9 * hour, end: 12 * hour), .init(start: 13 * hour, end: 18 * hour),
        ]
        return WorkingCalendar(hours: Array(repeating: day, count: 5) + [[], []], holidays: [], timezone: "Asia/Seoul")
    }()

    /// Checks the arguments a person types: `start` must be a real month (YYYY-MM), counts positive.
    ///
    /// - Throws: `LedgerError.input` naming the flag (`--start`, `--complaints`, `--months`, `--staff`) at fault.
    public static func validated(
        complaints: Int, seed: UInt64 = 1, months: Int = 6, start: String = "2026-01",
        staffCount: Int = 36
    ) throws -> SampleData {
        do { _ = try Month(start, timeZone: .gmt) } catch { throw LedgerError.input("--start: \(error)") }
        guard complaints >= 0 else { throw LedgerError.input("--complaints must be ≥ 0, got \(complaints)") }
        guard months >= 1 else { throw LedgerError.input("--months must be ≥ 1, got \(months)") }
        guard staffCount >= 1 else { throw LedgerError.input("--staff must be ≥ 1, got \(staffCount)") }
        return SampleData(complaints: complaints, seed: seed, months: months, start: start, staffCount: staffCount)
    }

    /// Options as given, `months` raised to at least 1 and `staffCount` to at least 2; `start` is not
    /// checked here (``validated(complaints:seed:months:start:staffCount:)`` checks what a person typed).
    public init(complaints: Int, seed: UInt64 = 1, months: Int = 6, start: String = "2026-01", staffCount: Int = 36) {
        self.complaints = complaints
        self.seed = seed
        self.months = max(1, months)
        self.start = start
        self.staffCount = max(2, staffCount)
    }

    /// The staff ids the generator uses.
    public var staff: [String] {
        let names = [
            "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh",
            "seo", "shin", "kwon", "hwang", "ahn", "song", "smith", "jones", "garcia", "brown", "nguyen", "patel",
        ]
        return (0..<staffCount).map { i in
            "agent.\(names[i % names.count])\(i >= names.count ? String(i / names.count + 1) : "")"
        }
    }

    /// Writes every event as interchange NDJSON lines to `emit`, in time order.
    public func generate(_ emit: (inout CanonicalJSONWriter) throws -> Void) rethrows {
        var rng = SplitMix64(seed: seed)
        // `start` as `validated` checked it; a library caller's unreadable one starts in January 2026.
        let (startYear, month) = Month.components(of: start) ?? (2026, 1)
        let year = Int64(startYear)
        let offsetMs: Int64 = 9 * 3_600_000
        let startMs = Timestamp.daysFromCivil(year: year, month: month, day: 1) * 86_400_000 - offsetMs
        let endMonth = month - 1 + months
        let endMs =
            Timestamp.daysFromCivil(year: year + Int64(endMonth / 12), month: endMonth % 12 + 1, day: 1) * 86_400_000
            - offsetMs
        var receivedTimes = (0..<complaints).map { _ in startMs + Int64(rng.unit() * Double(endMs - startMs - 1)) }
        receivedTimes.sort()
        let staff = self.staff
        var heap = EventHeap()
        var sequence = 0
        var w = CanonicalJSONWriter(reservingCapacity: 512)
        func emitUpTo(_ limit: Int64) throws {
            while let top = heap.peek, top.events[top.next].occurredAt.epochMilliseconds <= limit {
                var entry = heap.pop()!
                w.bytes.removeAll(keepingCapacity: true)
                entry.events[entry.next].writeInterchange(to: &w)
                try emit(&w)
                entry.next += 1
                if entry.next < entry.events.count { heap.push(entry) }
            }
        }
        for (index, receivedMs) in receivedTimes.enumerated() {
            try emitUpTo(receivedMs)
            let events = complaint(index: index, receivedMs: receivedMs, staff: staff, rng: &rng)
            sequence += 1
            heap.push(EventHeap.Entry(events: events, next: 0, sequence: sequence))
        }
        try emitUpTo(.max)
    }

    /// Writes the events to `sink`, one NDJSON line each, then flushes it; `progress` hears the count
    /// every 10,000 events.
    ///
    /// - Returns: the number of events written.
    /// - Throws: what `sink` throws (`LedgerError.input` when a write fails).
    @discardableResult
    public func write(to sink: OutputSink, progress: ((Int) -> Void)? = nil) throws -> Int {
        var count = 0
        try generate { w in
            w.raw("\n")
            try sink.write(w.bytes)
            count += 1
            if count % 10_000 == 0 { progress?(count) }
        }
        try sink.flush()
        return count
    }

    /// The events of complaint number `index` (`C-0000001` for 0), received at `receivedMs`, in stream
    /// order; every random choice comes from `rng`, so the same state gives the same events.
    private func complaint(index: Int, receivedMs: Int64, staff: [String], rng: inout SplitMix64) -> [ComplaintEvent] {
        let complaintID = String(format: "C-%07d", index + 1)
        var events: [ComplaintEvent] = []
        var now = receivedMs
        let offset = 9 * 60
        func add(_ actor: String?, _ data: EventData) {
            let id = EventID.version7(milliseconds: now, using: &rng)
            events.append(
                ComplaintEvent(
                    eventID: id, complaintID: complaintID,
                    occurredAt: Timestamp(epochMilliseconds: now, offsetMinutes: offset), actor: actor, data: data))
        }
        func advance(medianSeconds: Double, sigma: Double) {
            now += max(1000, Int64(rng.logNormal(median: medianSeconds, sigma: sigma) * 1000))
        }
        /// Staff act in working hours: a time outside them moves into the next working time.
        func atWork() {
            if !workCalendar.isWorking(now) {
                now = workCalendar.instant(after: now, adding: 60_000 + Int64(rng.unit() * 1_200_000))
            }
        }
        let korean = rng.unit() < 0.55
        let channel = rng.pick([
            (Channel.phone, 30), (.email, 15), (.web, 20), (.chat, 15), (.store, 10), (.social, 5), (.letter, 2),
            (.other, 3),
        ])
        let category = rng.pick([(Category.service, 45), (.product, 35), (.customer, 12), (.other, 8)])
        let severity: Severity? =
            rng.unit() < 0.2 ? nil : rng.pick([(Severity.low, 25), (.medium, 50), (.high, 20), (.critical, 5)])
        let summaries = korean ? Self.koreanSummaries : Self.englishSummaries
        let remedies = korean ? Self.koreanRemedies : Self.englishRemedies
        add(
            nil,
            .received(
                .init(
                    customer: "CUST-\(100_000 + Int(rng.next() % 900_000))", channel: channel, category: category,
                    severity: severity,
                    summary: rng.unit() < 0.9 ? summaries[Int(rng.next() % UInt64(summaries.count))] : nil,
                    remedySought: rng.unit() < 0.5 ? remedies[Int(rng.next() % UInt64(remedies.count))] : nil)))
        guard rng.unit() < 0.97 else { return events }  // never acknowledged
        let urgency = severity == .critical ? 0.3 : severity == .high ? 0.6 : 1.0
        advance(medianSeconds: 1500 * urgency, sigma: 1.1)
        atWork()
        var owner = staff[Int(rng.next() % UInt64(staff.count))]
        add(
            owner,
            .acknowledged(
                note: rng.unit() < 0.3 ? (korean ? "접수 확인했습니다" : "Logged and acknowledged") : nil))
        var cycle = 1
        while true {
            if rng.unit() < 0.6 {
                advance(medianSeconds: 1800, sigma: 1.0)
                atWork()
                let to = staff[Int(rng.next() % UInt64(staff.count))]
                add(owner, .assigned(to: to))
                owner = to
                if rng.unit() < 0.15 {
                    advance(medianSeconds: 7200, sigma: 1.0)
                    atWork()
                    let next = staff[Int(rng.next() % UInt64(staff.count))]
                    add(owner, .assigned(to: next))
                    owner = next
                }
            }
            if rng.unit() < 0.4 {
                advance(medianSeconds: 6 * 3600, sigma: 1.2)
                atWork()
                let usd = rng.unit() < 0.15
                let kind = rng.pick([
                    (CompensationKind.refund, 30), (.replacement, 15), (.repair, 10), (.discount, 15), (.voucher, 15),
                    (.gift, 5), (.apology, 10),
                ])
                let amount: String
                if kind == .apology {
                    amount = "0"
                } else if usd {
                    amount = "\(5 + rng.next() % 195).\(["00", "50", "99", "25"][Int(rng.next() % 4)])"
                } else {
                    amount = "\((5 + rng.next() % 195) * 1000)"
                }
                add(
                    owner,
                    .compensated(
                        .init(
                            kind: kind, amount: Money(amount)!, currency: usd ? "USD" : "KRW",
                            note: rng.unit() < 0.2
                                ? (korean ? "고객 요청에 따라 지급" : "Per customer request") : nil)))
            }
            var closedWhilePaused = false
            if rng.unit() < 0.18 {
                // Waiting on the customer (photos, a receipt) or a third party (a courier, a maker).
                advance(medianSeconds: 3 * 3600, sigma: 1.0)
                atWork()
                let reason = rng.pick([
                    (PauseReason.awaitingCustomer, 70), (.awaitingThirdParty, 22), (.other, 8),
                ])
                let notes =
                    korean
                    ? [
                        "사진 자료 요청", "영수증 사본 요청",
                        "택배사 확인 중", "제조사 회신 대기",
                    ]
                    : [
                        "Asked for photos", "Asked for the receipt", "Checking with the courier",
                        "Waiting on the maker",
                    ]
                add(owner, .paused(reason: reason, note: rng.unit() < 0.6 ? notes[Int(rng.next() % 4)] : nil))
                advance(medianSeconds: 1.5 * 86_400, sigma: 1.0)
                if rng.unit() < 0.12 {
                    closedWhilePaused = true  // no reply: closed as it stands
                } else {
                    let reply = korean ? "고객 회신 받음" : "Customer replied"
                    add(nil, .resumed(note: rng.unit() < 0.5 ? reply : nil))
                }
            }
            guard closedWhilePaused || rng.unit() < (cycle == 1 ? 0.92 : 0.97) else { return events }  // left open
            advance(medianSeconds: 20 * 3600 * urgency, sigma: 1.3)
            atWork()
            let resolution = rng.pick([
                (Resolution.resolved, 62), (.partiallyResolved, 15), (.unresolved, 8), (.withdrawn, 8), (.rejected, 7),
            ])
            add(
                owner,
                .closed(
                    resolution: resolution,
                    rootCause: rng.unit() < 0.4 ? (korean ? "배송 지연" : "Courier delay") : nil))
            if rng.unit() < 0.7 {
                advance(medianSeconds: 2 * 86_400, sigma: 0.8)
                atWork()
                let rated = rng.unit() < 0.8
                let good = resolution.countsAsResolved
                let rating =
                    rated
                    ? rng.pick(
                        good
                            ? [(5, 40), (4, 35), (3, 15), (2, 6), (1, 4)]
                            : [(5, 5), (4, 10), (3, 25), (2, 30), (1, 30)]) : nil
                add(
                    owner,
                    .followedUp(
                        satisfaction: rating,
                        comment: rated && rng.unit() < 0.3
                            ? (korean ? "처리가 빨라서 좋았어요 👍" : "Thanks for the quick fix") : nil))
            }
            guard cycle < 3, rng.unit() < 0.06 else { return events }
            advance(medianSeconds: 5 * 86_400, sigma: 1.0)
            add(nil, .reopened(reason: korean ? "같은 문제가 다시 발생했습니다" : "The problem came back"))
            cycle += 1
            advance(medianSeconds: 1200, sigma: 1.0)
            atWork()
            add(owner, .acknowledged(note: nil))
        }
    }

    static let koreanSummaries = [
        "배송이 3일이나 늦었습니다", "상담원이 불친절했어요",
        "환불이 아직 처리되지 않았습니다", "제품이 파손된 상태로 도착했습니다",
        "주문한 것과 다른 상품이 왔어요", "앱 결제 오류로 두 번 청구되었습니다",
        "매장 직원의 안내가 잘못되었습니다",
        "교환 요청을 세 번이나 했는데 답이 없어요 😡",
    ]
    static let englishSummaries = [
        "Delivery arrived three days late", "Agent was rude on the phone", "Refund still not processed",
        "Item arrived damaged", "Received the wrong item", "Charged twice after an app error",
        "Store staff gave wrong information",
        "Asked for an exchange three times, no answer",
    ]
    static let koreanRemedies = [
        "전액 환불", "새 제품으로 교환", "사과와 재발 방지", "배송비 환불",
    ]
    static let englishRemedies = ["Full refund", "Replacement", "An apology", "Refund of the shipping fee"]
}
