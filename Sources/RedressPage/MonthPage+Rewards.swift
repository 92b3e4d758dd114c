import Redress
import RedressDomain
import RedressProjections

extension MonthPage {
    func rewardsSection() -> String {
        let l = language
        let s = statement
        var out = "<section class=\"rewards\"><h2>\(e(l.label(.rewards)))</h2>\n"
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.staff)))</th><th>\(e(l.label(.points)))</th>"
        out += "<th>\(e(l.label(.surveys)))</th><th>\(e(l.label(.index)))</th><th>\(e(l.label(.eligible)))</th>"
        out += "<th>\(e(l.label(.amount))) (\(e(s.currency)))</th></tr></thead><tbody>\n"
        for (i, line) in s.staff.enumerated() {
            let base = "/staff/\(i)"
            out += "<tr><th scope=\"row\">\(e(line.staff))</th>"
            out += cell(l.count(line.points), source: "rewards", pointer: base + "/points", value: "\(line.points)")
            out += cell(l.count(line.surveys), source: "rewards", pointer: base + "/surveys", value: "\(line.surveys)")
            out += cell(
                line.indexText ?? "—", source: "rewards", pointer: base + "/satisfaction_index",
                value: line.indexText ?? "null")
            out += cell(
                l.label(line.eligible ? .yes : .no), source: "rewards", pointer: base + "/eligible",
                value: line.eligible ? "true" : "false")
            out += cell(
                l.money(line.amount, currency: s.currency), source: "rewards", pointer: base + "/amount",
                value: "\(line.amount)")
            out += "</tr>\n"
        }
        out += "</tbody></table>\n"
        if s.staff.isEmpty { out += "<p class=\"note\">\(e(l.label(.noStaff)))</p>\n" }
        for (i, line) in s.staff.enumerated() where !line.items.isEmpty {
            out += "<details><summary>\(e(line.staff)): \(e(l.label(.credits)))</summary>\n"
            out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.position)))</th>"
            out += "<th>\(e(l.label(.complaint)))</th><th>\(e(l.label(.rule)))</th><th>\(e(l.label(.points)))</th>"
            out += "</tr></thead><tbody>\n"
            for (j, item) in line.items.enumerated() {
                let base = "/staff/\(i)/items/\(j)"
                out +=
                    "<tr>"
                    + cell(
                        "\(item.position)", source: "rewards", pointer: base + "/position", value: "\(item.position)")
                out += "<td>\(e(item.complaintID))</td><td>\(e(item.rule.rawValue))</td>"
                out += cell(
                    (item.points > 0 ? "+" : "") + "\(item.points)", source: "rewards", pointer: base + "/points",
                    value: "\(item.points)")
                out += "</tr>\n"
            }
            out += "</tbody></table></details>\n"
        }
        out += issuedSection()
        return out + "</section>\n"
    }

    func issuedSection() -> String {
        let l = language
        guard let diff = issued else { return "<p class=\"issued\">\(e(l.label(.notIssued)))</p>\n" }
        var out = "<p class=\"issued\">\(e(l.label(.issued))): \(e(l.label(.asOf))) \(diff.issued.asOfPosition) · "
        out += "\(e(l.label(.statementDigest))) <code>\(e(diff.issued.statementSHA256))</code></p>\n"
        out += "<h3>\(e(l.label(.lateEvents)))</h3>\n"
        let changes = diff.changes
        guard !changes.isEmpty else { return out + "<p class=\"note\">\(e(l.label(.noLateChanges)))</p>\n" }
        out += "<table class=\"grid\"><thead><tr><th>\(e(l.label(.staff)))</th>"
        for label in [PageLabel.points, .amount, .eligible] {
            out += "<th>\(e(l.label(label))) (\(e(l.label(.perStaffChange))))</th>"
        }
        out += "<th>\(e(l.label(.position)))</th></tr></thead><tbody>\n"
        let currency = diff.after.currency
        for change in changes {
            let before = change.before
            let after = change.after
            out += "<tr><th scope=\"row\">\(e(change.staff))</th>"
            out += "<td class=\"num\">\(l.count(before?.points ?? 0)) → \(l.count(after?.points ?? 0))</td>"
            out += "<td class=\"num\">\(e(l.money(before?.amount ?? 0, currency: currency))) → "
            out += "\(e(l.money(after?.amount ?? 0, currency: currency)))</td>"
            out += "<td>\(e(l.label(before?.eligible == true ? .yes : .no))) → "
            out += "\(e(l.label(after?.eligible == true ? .yes : .no)))</td>"
            out += "<td>\(change.lateItems.map { "\($0.position)" }.joined(separator: ", "))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}
