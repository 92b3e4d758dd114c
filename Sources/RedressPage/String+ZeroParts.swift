extension String {
    /// `2h 00m` → `2h`, `1d 00h` → `1d`: round bin edges read better without zero parts.
    func replacingZeroParts() -> String {
        var s = self
        for zero in [" 00m", " 00h", " 00s"] where s.hasSuffix(zero) { s.removeLast(zero.count) }
        return s
    }
}
