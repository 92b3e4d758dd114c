import RedressDomain
import RedressProjections

extension RewardsDiff {
    /// For payroll: only staff whose points, amount or eligibility change (every changed line with
    /// `all`), with the statement's totals before and after.
    public func text(all: Bool = false) -> String {
        var out =
            "Statement for \(issued.month) issued at position \(issued.asOfPosition) "
            + "(sha256 \(issued.statementSHA256.prefix(16))…, reproduces)\n"
        out += "head is at position \(after.asOfPosition): \(after.asOfPosition - issued.asOfPosition) event(s) later; "
        // A month without ratings has no mean: "—", not JSON's null.
        func mean(_ s: RewardStatement) -> String { s.surveys == 0 ? "—" : s.satisfactionMeanText }
        out += "month mean rating \(mean(before)) → \(mean(after))\n"
        func totals(_ s: RewardStatement) -> (points: Int64, amount: Int64, eligible: Int) {
            (
                s.staff.reduce(0) { $0 + Int64($1.points) }, s.staff.reduce(0) { $0 + Int64($1.amount) },
                s.staff.filter(\.eligible).count
            )
        }
        let (b, a) = (totals(before), totals(after))
        out +=
            "totals: points \(b.points) → \(a.points), amount \(b.amount) → \(a.amount) \(after.currency), "
            + "eligible \(b.eligible) → \(a.eligible)\n"
        let every = self.changes
        let changes =
            all
            ? every
            : every.filter {
                $0.before?.points != $0.after?.points || $0.before?.amount != $0.after?.amount
                    || $0.before?.eligible != $0.after?.eligible
            }
        let hidden = every.count - changes.count
        let hint =
            hidden > 0
            ? "(\(hidden) other staff member(s) change only in surveys or satisfaction index: --all shows them)\n" : ""
        guard !changes.isEmpty else {
            return out
                + (every.isEmpty
                    ? "no staff member's statement would change\n"
                    : "no staff member's points, amount or eligibility would change\n" + hint)
        }
        out +=
            "\n"
            + [("staff", 18), ("points", 13), ("amount", 21), ("eligible", 10), ("surveys", 9), ("index", 16)]
            .map { TextWidth.pad($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
        for c in changes {
            func arrow<T>(_ a: T, _ b: T) -> String { "\(a) → \(b)" }
            out +=
                [
                    (c.staff, 18), (arrow(c.before?.points ?? 0, c.after?.points ?? 0), 13),
                    (arrow(c.before?.amount ?? 0, c.after?.amount ?? 0) + " " + after.currency, 21),
                    (arrow(c.before?.eligible == true ? "yes" : "no", c.after?.eligible == true ? "yes" : "no"), 10),
                    (arrow(c.before?.surveys ?? 0, c.after?.surveys ?? 0), 9),
                    (arrow(c.before?.indexText ?? "null", c.after?.indexText ?? "null"), 16),
                ].map { TextWidth.fit($0.0, $0.1) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            for item in c.lateItems {
                out +=
                    "    late: position \(item.position) \(item.complaintID) \(item.rule.rawValue) "
                    + "\(item.points > 0 ? "+" : "")\(item.points)\n"
            }
        }
        return out + hint
    }
}
