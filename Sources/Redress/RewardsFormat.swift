import RedressDomain
import RedressProjections

extension RewardStatement {
    /// A statement for a person: one line per staff member, then the items that make it up.
    public func table() -> String {
        var out = "Reward statement for \(month) (\(timezone)), as of position \(asOfPosition), amounts in \(currency)\n"
        out += "policy sha256 \(policySHA256.prefix(16))… · \(surveys) surveys · month mean rating \(satisfactionMeanText)\n\n"
        let columns = [("staff", 18), ("points", 7), ("surveys", 7), ("mean", 7), ("index", 7), ("eligible", 8), ("amount", 12)]
        out += columns.map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ") + "\n"
        for line in staff {
            out += [(line.staff, 18), ("\(line.points)", 7), ("\(line.surveys)", 7), (line.satisfactionMeanText, 7), (line.indexText ?? "null", 7),
                    (line.eligible ? "yes" : "no", 8), ("\(line.amount)", 12)].map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        }
        out += "\nitems\n"
        for line in staff {
            for item in line.items {
                out += "  \(TextWidth.pad(line.staff, 18)) position \(TextWidth.pad(String(item.position), 8)) \(TextWidth.pad(item.complaintID, 12)) \(TextWidth.pad(item.rule.rawValue, 24)) \(item.points > 0 ? "+" : "")\(item.points)\n"
            }
        }
        return out
    }

    /// One CSV row per staff member.
    public func csv() -> String {
        var lines = ["staff,points,amount,eligible,surveys,satisfaction_mean,satisfaction_index,items"]
        for line in staff {
            lines.append(CSV.record([CSV.text(line.staff), "\(line.points)", "\(line.amount)", "\(line.eligible)", "\(line.surveys)",
                          line.surveys == 0 ? "" : line.satisfactionMeanText, line.indexText ?? "", "\(line.items.count)"]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
