import Foundation
import Redress
import Testing

/// The ready-made policies in `Policies/`: their holidays agree with the pinned Python `holidays`
/// release (tools/check_holidays.py), and Redress reads each as a working-hours policy (SPEC 4, 7).
@Suite struct PolicyFilesTests {
    let cli = CLI()
    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Each file, its country for the checker, and the options its `$comment` justifies (none needed:
    /// every listed date is a holiday in the package and every package holiday is listed).
    let files: [(file: String, country: String, options: [String])] = [
        ("Policies/korea.json", "KR", []),
        ("Policies/us.json", "US", []),
    ]

    func checkHolidays(_ arguments: [String]) throws -> CLI.Output {
        try CLI.execute(
            "/usr/bin/env", ["python3", root.appendingPathComponent("tools/check_holidays.py").path] + arguments,
            directory: cli.directory)
    }

    @Test func theHolidaysMatchThePinnedHolidaysPackage() throws {
        let expected = ["Policies/korea.json": 46, "Policies/us.json": 27]
        for (file, country, options) in files {
            let path = root.appendingPathComponent(file).path
            let check = try checkHolidays([path, country, "2026", "2027"] + options)
            #expect(check.status == 0, "\(file): \(check.stdout)\(check.stderr)")
            #expect(
                check.stdout.contains("\(expected[file]!) holidays match holidays==0.109 for \(country) 2026-2027"),
                "\(file): \(check.stdout)")
        }
    }

    /// The checker is not a rubber stamp: a holiday left out of a policy is named, and exits 1.
    @Test func theCheckerNamesAHolidayThePolicyLeavesOut() throws {
        let original = try String(contentsOf: root.appendingPathComponent("Policies/korea.json"), encoding: .utf8)
        let edited = original.replacingOccurrences(of: "\"2026-09-25\",", with: "")
        #expect(edited != original)
        let path = cli.write("korea-without-chuseok.json", edited)
        let check = try checkHolidays([path, "KR", "2026", "2027"])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("missing 2026-09-25 추석"), "\(check.stdout)")
        // Explained by an allowance, the same file passes.
        let allowed = try checkHolidays([path, "KR", "2026", "2027", "--allow-missing", "2026-09-25"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
    }

    @Test func redressReadsEachFileAsAWorkingHoursPolicy() throws {
        let korea = try Policy.load(path: root.appendingPathComponent("Policies/korea.json").path)
        #expect(korea.timezone == "Asia/Seoul")
        #expect(korea.currency == "KRW")
        #expect(korea.slaClock == .business)
        #expect(korea.calendar != nil)
        #expect(korea.acknowledgeSLASeconds == 14_400)
        #expect(korea.closeSLASeconds == 86_400)

        let us = try Policy.load(path: root.appendingPathComponent("Policies/us.json").path)
        #expect(us.timezone == "America/New_York")
        #expect(us.currency == "USD")
        #expect(us.pointValue == 100)
        #expect(us.cap == 50_000)
        #expect(us.slaClock == .business)
        #expect(us.calendar != nil)
        #expect(us.acknowledgeSLASeconds == 14_400)
        #expect(us.closeSLASeconds == 86_400)
    }
}
