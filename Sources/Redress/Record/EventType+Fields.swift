public import RedressDomain
import RedressStore

extension EventType {
    /// The record command that records this type (`acknowledge` for `acknowledged`).
    public var command: String {
        switch self {
        case .received: return "receive"
        case .acknowledged: return "acknowledge"
        case .assigned: return "assign"
        case .compensated: return "compensate"
        case .followedUp: return "follow-up"
        case .paused: return "pause"
        case .resumed: return "resume"
        case .closed: return "close"
        case .reopened: return "reopen"
        }
    }
}
