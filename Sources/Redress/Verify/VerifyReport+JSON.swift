import RedressDomain

extension VerifyReport {
    /// `{"ok", "events", "complaints", "head_position", "anchor", "heads_checked", "signatures_checked",
    /// "signed_through", "statements", "statement_signatures_checked", "projections_checked",
    /// "known_heads_matched", "unproven", "failure"}` — what `verify` prints, for scripts and the
    /// service's `GET /v1/verify`.
    public func json() -> String {
        var w = CanonicalJSONWriter()
        w.raw("{")
        w.key("ok", first: true)
        w.raw(ok ? "true" : "false")
        w.key("events")
        w.integer(events)
        w.key("complaints")
        w.integer(complaints)
        w.key("head_position")
        w.integer(headPosition)
        w.key("anchor")
        w.string(anchor)
        w.key("heads_checked")
        w.integer(headsChecked)
        w.key("signatures_checked")
        w.integer(signaturesChecked)
        w.key("signed_through")
        w.integer(signedThrough)
        w.key("statements")
        w.integer(statements)
        w.key("statement_signatures_checked")
        w.integer(statementSignaturesChecked)
        w.key("projections_checked")
        w.raw(projectionsChecked ? "true" : "false")
        w.key("known_heads_matched")
        Self.writeStrings(Array(Set(knownHeadsMatched)).sorted(), to: &w)
        w.key("unproven")
        Self.writeStrings(unproven, to: &w)
        w.key("failure")
        if let failure { w.string(failure) } else { w.raw("null") }
        w.raw("}")
        return w.text
    }

    /// Writes `list` as a JSON array of strings, in order.
    static func writeStrings(_ list: [String], to w: inout CanonicalJSONWriter) {
        w.raw("[")
        for (i, item) in list.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(item)
        }
        w.raw("]")
    }
}
