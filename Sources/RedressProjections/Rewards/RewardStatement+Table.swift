import RedressDomain

extension RewardStatement {
    /// ``table(items:)`` without the items.
    public func table() -> String { table(items: false) }

    /// A statement for a person: one line per staff member and a totals line, numbers right-aligned;
    /// with `items`, then the credits that make up each line (JSON and CSV always carry them).
    public func table(items: Bool) -> String {
        var out =
            "Reward statement for \(month) (\(timezone)), as of position \(asOfPosition), amounts in \(currency)\n"
        out +=
            "policy sha256 \(policySHA256.prefix(16))… · \(surveys) surveys · "
            + (surveys == 0 ? "no ratings" : "month mean rating \(satisfactionMeanText)") + "\n\n"
        // (title, width, right-aligned)
        let columns = [
            ("staff", 18, false), ("points", 7, true), ("surveys", 7, true), ("mean", 7, true), ("index", 7, true),
            ("eligible", 8, false), ("amount", 12, true),
        ]
        func row(_ cells: [String]) -> String {
            zip(cells, columns).map { cell, column in
                column.2 ? TextWidth.padLeft(cell, column.1) : TextWidth.fit(cell, column.1)
            }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        out += row(columns.map(\.0))
        for line in staff {
            out += row([
                line.staff, "\(line.points)", "\(line.surveys)", line.satisfactionMeanText, line.indexText ?? "null",
                line.eligible ? "yes" : "no", "\(line.amount)",
            ])
        }
        let eligible = staff.filter(\.eligible).count
        out += row([
            "total (\(staff.count) staff)", "\(staff.reduce(0) { $0 + $1.points })",
            "\(staff.reduce(0) { $0 + $1.surveys })",
            "", "", "\(eligible) yes", "\(staff.reduce(Int64(0)) { $0 + Int64($1.amount) })",
        ])
        guard items else {
            return out + "\n(each staff member's credits, with the event that earned them: --items, or --format json)\n"
        }
        out += "\nitems\n"
        for line in staff {
            for item in line.items {
                out +=
                    "  \(TextWidth.pad(line.staff, 18)) position \(TextWidth.pad(String(item.position), 8)) "
                    + "\(TextWidth.pad(item.complaintID, 12)) \(TextWidth.pad(item.rule.rawValue, 24)) "
                    + "\(item.points > 0 ? "+" : "")\(item.points)\n"
            }
        }
        return out
    }
}
