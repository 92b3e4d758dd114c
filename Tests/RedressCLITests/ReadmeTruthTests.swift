import Foundation
import Testing

/// What the README and the pages of docs/ say must still be true of the code: no paragraph pasted twice,
/// no route named that the service's contract lacks, no built route called unbuilt, no PostgreSQL future,
/// a list as long as the count that opens it. (Their commands run in ``DocsTests``.)
@Suite struct ReadmeTruthTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The README and every Markdown file in docs/.
    static func documents() throws -> [(name: String, text: String)] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return try (["README.md"] + docs).map { ($0, try text($0)) }
    }

    /// The documents written here: all but the contract, which is the company's text.
    static func ours() throws -> [(name: String, text: String)] {
        try documents().filter { $0.name != "docs/SPEC.md" }
    }

    /// The prose paragraphs (fenced code left out), white space collapsed.
    static func paragraphs(_ text: String) -> [String] {
        let prose = text.replacing(/```[\s\S]*?```/, with: "")
        return prose.split(separator: /\n[ \t]*\n/).map {
            $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }.filter { !$0.isEmpty }
    }

    /// The paths of the service's contract, as templates (`/v1/complaints/{id}`).
    static func contractPaths() throws -> [String] {
        try text("Schemas/openapi.yaml").split(separator: "\n").compactMap { line in
            // `paths:` keys, two spaces in: `  /v1/complaints/{id}:`
            guard line.hasPrefix("  /") else { return nil }
            let key = line.trimmingCharacters(in: .whitespaces)
            guard key.hasSuffix(":"), !key.contains(" ") else { return nil }
            return String(key.dropLast())
        }
    }

    /// Whether `route` (a template or a concrete path) is one of the contract's `paths`.
    static func inContract(_ route: String, _ paths: [String]) -> Bool {
        paths.contains { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            let given = route.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == given.count else { return false }
            return zip(parts, given).allSatisfy { part, value in
                guard let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") else {
                    return part == value
                }
                // `{month}.html`: what is around the parameter must match, the parameter itself is any segment.
                let prefix = part[..<open]
                let suffix = part[part.index(after: close)...]
                return value.hasPrefix(prefix) && value.hasSuffix(suffix)
                    && value.count > prefix.count + suffix.count || value == part
            }
        }
    }

    /// The `/v1/…` routes a paragraph names (queries and sentence ends cut off).
    static func routes(in text: String) -> [String] {
        text.matches(of: /\/v1\/[A-Za-z0-9_.{}\-\/]*/).map { String($0.0) }.map {
            var route = $0
            while route.hasSuffix(".") || route.hasSuffix("/") { route.removeLast() }
            return route
        }
    }

    /// A paragraph pasted twice (the service's **Measured** once was) says nothing new the second time.
    @Test func noLongParagraphIsPrintedTwice() throws {
        for (name, text) in try Self.documents() {
            var seen: Set<String> = []
            for paragraph in Self.paragraphs(text) where paragraph.count >= 200 {
                #expect(
                    seen.insert(paragraph).inserted, "\(name) prints this paragraph twice: \(paragraph.prefix(120))…")
            }
        }
    }

    @Test func everyRouteTheReadmeNamesIsInTheContract() throws {
        let paths = try Self.contractPaths()
        try #require(paths.contains("/v1/events") && paths.contains("/v1/complaints/{id}"))
        var all: Set<String> = []
        for (name, text) in try Self.ours() {
            let named = Set(Self.routes(in: text))
            for route in named.sorted() {
                #expect(Self.inContract(route, paths), "\(name) names \(route), which Schemas/openapi.yaml lacks")
            }
            all.formUnion(named)
        }
        #expect(all.count >= 5, "\(all)")
    }

    /// "Not built: … (`GET /v1/reports/{month}.html`), because the service does not exist yet" stayed in
    /// the README after both were built.
    @Test func noParagraphCallsABuiltRouteOrTheServiceUnbuilt() throws {
        let paths = try Self.contractPaths()
        for (name, text) in try Self.documents() {
            for paragraph in Self.paragraphs(text) {
                let denies = paragraph.contains(/(?i)not built|does not exist yet|not yet built|to be built/)
                if denies {
                    for route in Self.routes(in: paragraph) where Self.inContract(route, paths) {
                        Issue.record(
                            "\(name) calls \(route) unbuilt, but the service has it: \(paragraph.prefix(160))")
                    }
                }
                #expect(
                    !paragraph.contains(/(?i)(service|redress serve`?\)?)[^.;]{0,40}does not exist/),
                    "\(name) says the service does not exist: \(paragraph.prefix(160))")
            }
        }
    }

    /// PostgreSQL is built: no sentence speaks of it as coming.
    @Test func postgreSQLIsNotSpokenOfInTheFutureTense() throws {
        var sentences = 0
        for (name, text) in try Self.ours() {
            for paragraph in Self.paragraphs(text) {
                for sentence in paragraph.split(separator: /[.;]\s/) where sentence.contains("PostgreSQL") {
                    #expect(
                        !sentence.contains(/\b(will|arrives|planned|to come)\b|for PostgreSQL to pass/),
                        "\(name) speaks of PostgreSQL in the future: \(sentence)")
                    sentences += 1
                }
            }
        }
        #expect(sentences >= 10, "docs/postgresql.md was not read")
    }

    /// "It answers three people:" followed by four bullets.
    @Test func aCountedListHasAsManyItemsAsItSays() throws {
        let numbers = ["two": 2, "three": 3, "four": 4, "five": 5, "six": 6]
        var checkedInTheReadme = 0
        let counted = try Regex(
            #"(?i)\b(two|three|four|five|six) (people|questions|things|roles|steps):\n\n((?:- .*\n(?:  .*\n)*)+)"#)
        for (name, text) in try Self.ours() {
            for match in text.matches(of: counted) {
                let number = String(try #require(match.output[1].substring)).lowercased()
                let list = try #require(match.output[3].substring)
                let items = list.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
                #expect(items == numbers[number], "\(name): “\(number) …:” lists \(items) items")
                if name == "README.md" { checkedInTheReadme += 1 }
            }
        }
        #expect(checkedInTheReadme >= 1, "the README's opening list (It answers three people:) was not found")
    }
}
