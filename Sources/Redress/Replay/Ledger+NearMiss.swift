import RedressDomain
import RedressStore

extension Ledger {
    /// A complaint id of this ledger that `id`, which has no events, was probably meant to be: the same
    /// number with one zero more or less (`C-000001` for `C-0000001`), another letter case, surrounding
    /// spaces, or the dash left out (`C0000001`). Only those near misses are looked up, each by its id, so
    /// the answer costs a few index reads however large the ledger.
    public func nearComplaintID(_ id: String, asOfPosition: Int64? = nil) async throws -> String? {
        for candidate in Self.nearMisses(of: id) where candidate != id {
            if try await !store.readStream(candidate, asOf: asOfPosition).isEmpty { return candidate }
        }
        return nil
    }

    /// The near misses of `id`, the likeliest first.
    static func nearMisses(of id: String) -> [String] {
        var spellings: [String] = []
        for base in [id, id.trimmingSpaces, id.uppercased(), id.trimmingSpaces.uppercased()]
        where !spellings.contains(base) {
            spellings.append(base)
        }
        var candidates: [String] = []
        func add(_ candidate: String) {
            if !candidate.isEmpty, !candidates.contains(candidate) { candidates.append(candidate) }
        }
        for spelling in spellings {
            add(spelling)
            let digits = spelling.reversed().prefix { $0.isASCII && $0.isNumber }.count
            guard digits > 0, digits < spelling.count else { continue }
            let prefix = String(spelling.dropLast(digits))
            let number = String(spelling.suffix(digits).drop { $0 == "0" })
            let prefixes = prefix.hasSuffix("-") || prefix.hasSuffix("_") ? [prefix] : [prefix, prefix + "-"]
            if prefixes.count == 2 { add(prefixes[1] + String(spelling.suffix(digits))) }
            for offset in 1...4 {
                for width in [digits + offset, digits - offset] where width >= max(number.count, 1) {
                    for p in prefixes {
                        add(p + String(repeating: "0", count: width - number.count) + number)
                    }
                }
            }
        }
        return candidates
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
