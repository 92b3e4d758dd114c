import RedressDomain

extension RewardStatement {
    /// One CSV row per staff member.
    public func csv() -> String {
        var lines = ["staff,points,amount,eligible,surveys,satisfaction_mean,satisfaction_index,items"]
        for line in staff {
            lines.append(
                CSV.record([
                    CSV.text(line.staff), "\(line.points)", "\(line.amount)", "\(line.eligible)", "\(line.surveys)",
                    line.surveys == 0 ? "" : line.satisfactionMeanText, line.indexText ?? "", "\(line.items.count)",
                ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
