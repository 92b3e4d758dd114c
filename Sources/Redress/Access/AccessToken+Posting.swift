import RedressDomain

extension AccessToken {
    /// Why this token may not post `event`, or `nil` when it may.
    ///
    /// - `intake`: any event, but when the token names a channel only for complaints received on it —
    ///   except that a pause is staff's work: an intake never posts `paused`, and posts `resumed` only
    ///   without an actor (the customer's reply arriving on its channel ends the pause).
    /// - `staff`: only events whose `actor` is the token's staff id (an agent cannot record work in a
    ///   colleague's name), `paused` and `resumed` included; events without an actor (`received`, and
    ///   `resumed` or `reopened` by the customer) are an intake's.
    /// - `admin`: any event; `auditor` and `payroll`: none.
    /// - Parameters:
    ///   - event: the event to post.
    ///   - channel: the complaint's channel (from its `received` event, or this event when it is one).
    public func refusal(toPost event: ComplaintEvent, channel: Channel?) -> String? {
        let what = "complaint \(event.complaintID), event \(event.eventID) (\(event.type.rawValue))"
        switch role {
        case .admin: return nil
        case .auditor, .payroll: return "\(what): a \(role.rawValue) token may not post events"
        case .intake:
            if event.type == .paused {
                return "\(what): an intake token may not pause a complaint; a pause is recorded by staff"
            }
            if event.type == .resumed, let actor = event.actor {
                return "\(what): an intake token posts a customer's resumed, with no actor (this one names \(actor))"
            }
            guard let own = self.channel, let channel, channel != own else { return nil }
            return "\(what): this intake token posts for the \(own.rawValue) channel only, not \(channel.rawValue)"
        case .staff:
            guard let actor = event.actor else {
                return "\(what): a staff token posts its own work, which names it as actor (this event has none)"
            }
            guard actor == staff else {
                return "\(what): a staff token records work as \(staff ?? "?") only, not as \(actor)"
            }
            return nil
        }
    }
}
