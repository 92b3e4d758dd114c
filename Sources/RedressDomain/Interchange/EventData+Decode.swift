extension EventData {
    /// Builds and validates `data` for `type` from its parsed JSON object.
    ///
    /// Unknown keys, wrong JSON types, missing required fields, values outside
    /// their vocabularies, over-long text and floats for money are all errors.
    ///
    /// - Throws: ``FieldError`` naming the first field at fault (`data.amount`, …).
    public static func decode(type: EventType, from value: JSONValue) throws(FieldError) -> EventData {
        guard case .object(let members) = value else {
            throw FieldError("data", "must be an object, not \(value.typeName)")
        }
        var fields = FieldReader(members: members)
        let data: EventData
        switch type {
        case .received:
            data = .received(
                Received(
                    customer: try fields.requiredText("customer", maxLength: 128),
                    channel: try fields.requiredEnum("channel", Channel.self),
                    category: try fields.requiredEnum("category", Category.self),
                    severity: try fields.optionalEnum("severity", Severity.self),
                    summary: try fields.optionalText("summary"),
                    remedySought: try fields.optionalText("remedy_sought")))
        case .acknowledged:
            data = .acknowledged(note: try fields.optionalText("note"))
        case .assigned:
            let to = try fields.requiredText("to", maxLength: 64)
            guard FieldRules.isValidStaffID(to) else {
                throw FieldError("data.to", "must be a staff id of 1–64 characters A-Z a-z 0-9 . _ : @ -")
            }
            data = .assigned(to: to)
        case .compensated:
            let kind = try fields.requiredEnum("kind", CompensationKind.self)
            let amount = try fields.money("amount")
            let currency = try fields.requiredText("currency", maxLength: 3)
            guard FieldRules.isValidCurrency(currency) else {
                throw FieldError("data.currency", "must be an ISO 4217 code of 3 capital letters, got \"\(currency)\"")
            }
            data = .compensated(
                Compensation(kind: kind, amount: amount, currency: currency, note: try fields.optionalText("note")))
        case .followedUp:
            data = .followedUp(satisfaction: try fields.satisfaction(), comment: try fields.optionalText("comment"))
        case .paused:
            data = .paused(
                reason: try fields.requiredEnum("reason", PauseReason.self), note: try fields.optionalText("note"))
        case .resumed:
            data = .resumed(note: try fields.optionalText("note"))
        case .closed:
            data = .closed(
                resolution: try fields.requiredEnum("resolution", Resolution.self),
                rootCause: try fields.optionalText("root_cause"))
        case .reopened:
            data = .reopened(reason: try fields.optionalText("reason"))
        }
        if let unknown = fields.unread.first {
            throw FieldError("data.\(unknown)", "unknown field for \(type.withArticle) event")
        }
        return data
    }
}
