import Foundation
import RedressProjections

/// The language of the month-end page: its labels, and numbers, months and money as a reader of
/// that language writes them. Figures are the same in both; only their presentation differs.
public enum PageLanguage: String, Sendable, CaseIterable {
    case en, ko

    /// A label by key; English when a key has no Korean.
    func label(_ key: PageLabel) -> String { self == .ko ? key.korean : key.english }

    /// "March 2026" / "2026년 3월".
    func monthName(_ month: String) -> String {
        guard let (year, number) = Month.components(of: month) else { return month }
        switch self {
        case .ko: return "\(year)년 \(number)월"
        case .en: return "\(Self.englishMonths[number - 1]) \(year)"
        }
    }

    /// "Mar 26" / "26.3": the months of a trend axis.
    func shortMonth(_ month: String) -> String {
        guard let (_, number) = Month.components(of: month) else { return month }
        let year = month.prefix(4).suffix(2)
        return self == .ko ? "\(year).\(number)" : "\(Self.englishMonths[number - 1].prefix(3)) \(year)"
    }

    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// A count with thousands separators (both languages group by three with commas).
    func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, character) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    func count(_ value: Int) -> String { count(Int64(value)) }

    /// An amount in the currency's minor units, in its own notation: KRW and JPY have no decimals,
    /// others two (`₩1,250,000`, `$1,250.50`; in Korean `1,250,000원`).
    func money(_ minorUnits: Int64, currency: String) -> String {
        let places = Self.zeroDecimalCurrencies.contains(currency) ? 0 : 2
        var divisor: Int64 = 1
        for _ in 0..<places { divisor *= 10 }
        let magnitude = minorUnits.magnitude
        var number = (minorUnits < 0 ? "-" : "") + count(Int64(magnitude / UInt64(divisor)))
        if places > 0 {
            let fraction = String(magnitude % UInt64(divisor))
            number += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        switch (self, currency) {
        case (.ko, "KRW"): return number + "원"
        case (_, "KRW"): return "₩" + number
        case (_, "USD"): return (self == .ko ? "US$" : "$") + number
        case (_, "EUR"): return "€" + number
        case (_, "JPY"): return "¥" + number
        default: return number + " " + currency
        }
    }

    /// ISO 4217 currencies without minor units among those Redress sees.
    static let zeroDecimalCurrencies: Set<String> = ["KRW", "JPY", "VND", "CLP", "ISK"]

    /// A duration for a person: `45s`, `12m 30s`, `2h 05m`, `3d 04h`; in Korean `2시간 05분`.
    func duration(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "—" }
        return units(DurationText.format(milliseconds: milliseconds))
    }

    /// `DurationText`'s unit letters in this language.
    func units(_ text: String) -> String {
        guard self == .ko else { return text }
        var out = ""
        for character in text {
            switch character {
            case "d": out += "일"
            case "h": out += "시간"
            case "m": out += "분"
            case "s": out += "초"
            default: out.append(character)
            }
        }
        return out
    }

    /// A channel, category or severity as the reader says it (the JSON key in English).
    func value(_ key: String) -> String {
        guard self == .ko else { return key }
        return Self.koreanValues[key] ?? key
    }

    static let koreanValues = [
        "phone": "전화", "email": "이메일", "web": "웹", "chat": "채팅", "store": "매장", "social": "소셜",
        "letter": "서신", "other": "기타", "service": "서비스", "product": "제품", "customer": "고객",
        "low": "낮음", "medium": "보통", "high": "높음", "critical": "긴급",
    ]
}

/// The page's labels, in English and Korean.
enum PageLabel {
    case pageTitle, asOf, timezone, headline, complaints, open, reopened, ackSLAMet, closeSLAMet, csat
    case meanRating, p50, p90, target, acknowledge, close, distribution, distributionNote, timeFromReceived
    case complaintsAxis, slaByChannel, slaBySeverity, met, breached, pending, channel, severity, category
    case satisfactionByCategory, responses, trend, trendNote, month, rewards, staff, points, surveys, index
    case eligible, amount, yes, no, credits, position, complaint, rule, issued, notIssued, lateEvents
    case noLateChanges, footer, head, headRoot, signedHead, policy, reproduce, dataTable, noComplaints
    case bin, count, percentAxis, statementDigest, generatedBy, noStaff, perStaffChange, slaClock

    var english: String {
        switch self {
        case .pageTitle: return "Service recovery report"
        case .asOf: return "as of ledger position"
        case .timezone: return "time zone"
        case .slaClock: return "SLA clock"
        case .headline: return "Headline figures"
        case .complaints: return "Complaints received"
        case .open: return "Still open"
        case .reopened: return "Reopened"
        case .ackSLAMet: return "Acknowledged within SLA"
        case .closeSLAMet: return "Closed within SLA"
        case .csat: return "CSAT (rated 4–5)"
        case .meanRating: return "mean rating"
        case .p50: return "median (p50)"
        case .p90: return "p90"
        case .target: return "target"
        case .acknowledge: return "Acknowledge"
        case .close: return "Close"
        case .distribution: return "How long recovery took"
        case .distributionNote:
            return "Complaints received this month by time from receipt to the first acknowledgement and to "
                + "the first close; the dashed line is the SLA target. Time axis is logarithmic."
        case .timeFromReceived: return "time from receipt (log scale)"
        case .complaintsAxis: return "complaints"
        case .slaByChannel: return "SLA by channel"
        case .slaBySeverity: return "SLA by severity"
        case .met: return "met"
        case .breached: return "breached"
        case .pending: return "pending"
        case .channel: return "channel"
        case .severity: return "severity"
        case .category: return "category"
        case .satisfactionByCategory: return "Satisfaction by category"
        case .responses: return "responses"
        case .trend: return "The last six months"
        case .trendNote: return "Each month's complaints, as of the same ledger position."
        case .month: return "month"
        case .rewards: return "Staff reward statement"
        case .staff: return "staff"
        case .points: return "points"
        case .surveys: return "surveys"
        case .index: return "satisfaction index"
        case .eligible: return "eligible"
        case .amount: return "amount"
        case .yes: return "yes"
        case .no: return "no"
        case .credits: return "credits, each with the event that earned it"
        case .position: return "position"
        case .complaint: return "complaint"
        case .rule: return "rule"
        case .issued: return "Issued"
        case .notIssued: return "This month's statement has not been issued yet."
        case .lateEvents: return "What events recorded after the issued statement change"
        case .noLateChanges: return "No staff member's statement changes."
        case .footer: return "Provenance"
        case .head: return "ledger position of this page"
        case .headRoot: return "ledger root at that position (SHA-256, RFC 6962)"
        case .signedHead: return "signed head"
        case .policy: return "policy SHA-256"
        case .reproduce: return "reproduce this page"
        case .dataTable: return "data table"
        case .noComplaints: return "No complaints were received this month."
        case .bin: return "time from receipt"
        case .count: return "complaints"
        case .percentAxis: return "percent of complaints"
        case .statementDigest: return "statement SHA-256"
        case .generatedBy: return "Made by redress"
        case .noStaff: return "No credits this month."
        case .perStaffChange: return "issued → this page"
        }
    }

    var korean: String {
        switch self {
        case .pageTitle: return "고객 불만 회복 보고서"
        case .asOf: return "원장 위치 기준"
        case .timezone: return "시간대"
        case .slaClock: return "SLA 기준 시간"
        case .headline: return "주요 지표"
        case .complaints: return "접수된 불만"
        case .open: return "미해결"
        case .reopened: return "재개됨"
        case .ackSLAMet: return "SLA 내 응대"
        case .closeSLAMet: return "SLA 내 종결"
        case .csat: return "고객 만족도 (4–5점)"
        case .meanRating: return "평균 평점"
        case .p50: return "중앙값 (p50)"
        case .p90: return "p90"
        case .target: return "목표"
        case .acknowledge: return "응대"
        case .close: return "종결"
        case .distribution: return "회복에 걸린 시간"
        case .distributionNote:
            return "이번 달 접수된 불만을 접수부터 첫 응대, "
                + "첫 종결까지 걸린 시간별로 나타냅니다. "
                + "점선은 SLA 목표이며 시간 축은 로그 눈금입니다."
        case .timeFromReceived: return "접수 후 경과 시간 (로그 눈금)"
        case .complaintsAxis: return "불만 건수"
        case .slaByChannel: return "채널별 SLA"
        case .slaBySeverity: return "심각도별 SLA"
        case .met: return "충족"
        case .breached: return "위반"
        case .pending: return "진행 중"
        case .channel: return "채널"
        case .severity: return "심각도"
        case .category: return "유형"
        case .satisfactionByCategory: return "유형별 만족도"
        case .responses: return "응답"
        case .trend: return "최근 6개월"
        case .trendNote: return "각 달에 접수된 불만, 같은 원장 위치 기준."
        case .month: return "월"
        case .rewards: return "직원 보상 명세"
        case .staff: return "직원"
        case .points: return "점수"
        case .surveys: return "설문"
        case .index: return "만족 지수"
        case .eligible: return "지급 대상"
        case .amount: return "금액"
        case .yes: return "예"
        case .no: return "아니요"
        case .credits: return "점수 내역 (각각 근거가 된 이벤트)"
        case .position: return "위치"
        case .complaint: return "불만"
        case .rule: return "규칙"
        case .issued: return "확정됨"
        case .notIssued: return "이번 달 명세는 아직 확정되지 않았습니다."
        case .lateEvents: return "확정 이후 기록된 이벤트로 달라지는 점"
        case .noLateChanges: return "달라지는 직원 명세가 없습니다."
        case .footer: return "출처"
        case .head: return "이 보고서의 원장 위치"
        case .headRoot: return "그 위치의 원장 루트 (SHA-256, RFC 6962)"
        case .signedHead: return "서명된 헤드"
        case .policy: return "정책 SHA-256"
        case .reproduce: return "이 보고서를 다시 만드는 명령"
        case .dataTable: return "데이터 표"
        case .noComplaints: return "이번 달 접수된 불만이 없습니다."
        case .bin: return "접수 후 경과 시간"
        case .count: return "불만 건수"
        case .percentAxis: return "불만 대비 비율"
        case .statementDigest: return "명세 SHA-256"
        case .generatedBy: return "redress로 작성"
        case .noStaff: return "이번 달 점수 내역이 없습니다."
        case .perStaffChange: return "확정 → 이 보고서"
        }
    }
}

extension PageLanguage {
    /// Which clock and calendar the page's SLA figures use (SPEC 7.2), in the page's language.
    func slaClockText(_ metrics: MetricsReport) -> String {
        guard self == .ko else { return metrics.slaClockText + "; paused time not counted" }
        let paused = "; 보류(고객 대기 등) 시간 제외"
        guard metrics.slaClock == .business else { return "경과 시간 (모든 시간 포함)" + paused }
        guard let calendar = metrics.slaCalendar else {
            return "근무시간 (달력 없음: 모든 시간 포함)" + paused
        }
        let days = ["mon": "월", "tue": "화", "wed": "수", "thu": "목", "fri": "금", "sat": "토", "sun": "일"]
        var week = calendar.weekText
        for (en, ko) in days { week = week.replacingOccurrences(of: en, with: ko) }
        return "근무시간 (\(metrics.timezone): \(week); 공휴일 \(calendar.holidays.count)일)" + paused
    }
}
