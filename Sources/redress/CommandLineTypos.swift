import ArgumentParser
import Foundation
import RedressDomain

/// What the command line gets wrong below its first word, caught before ArgumentParser parses it:
/// a mistyped subcommand (`rewards isue`) and an unknown option (`metrics --mnth`, which ArgumentParser
/// would report as a missing `--month`) get the closest name; `redress help exit-codes` prints the
/// exit statuses.
enum CommandLineTypos {
    /// `redress help exit-codes` (the README's table, in the same words as the root help).
    static let exitCodes = """
        Exit status of every redress command:
          0   success
          1   rejected input: a line, a rule, a bad value, a full disk, a ledger from a newer Redress
          3   conflict: a complaint was not at the expected version (--expect-version, an import's line)
          4   verification failed: verify, the replay of a broken chain, a statement that no longer reproduces
          64  usage error: an unknown command or option, a missing or malformed value
          66  no ledger at the path a reading command was given
          75  another writer held the lock past --lock-timeout, or the PostgreSQL server stopped answering: try again
        """

    /// Options every command takes without listing them.
    static let everywhere: Set<String> = ["--help", "--version", "--experimental-dump-help"]

    /// Exits 64 with one line naming the typo and the closest name; returns when there is none.
    static func check(_ arguments: [String]) {
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("-") { rest = rest.dropFirst(first == "--db" ? 2 : 1) }
        guard let word = rest.first else { return }
        rest = rest.dropFirst()
        if word == "help" {
            if let topic = rest.first, ["exit-codes", "exit-code", "exit-status"].contains(topic) {
                print(exitCodes)
                Foundation.exit(0)
            }
            return
        }
        guard var command = RedressCommand.configuration.subcommands.first(where: { $0._commandName == word }) else {
            return
        }
        var path = [word]
        while !command.configuration.subcommands.isEmpty {
            let subcommands = command.configuration.subcommands
            if let next = rest.first, !next.hasPrefix("-") {
                if let subcommand = subcommands.first(where: { $0._commandName == next }) {
                    command = subcommand
                    path.append(next)
                    rest = rest.dropFirst()
                    continue
                }
                if next == "help" { return }
                let name = path.joined(separator: " ")
                if let closest = Suggestion.closest(to: next, among: subcommands.map { $0._commandName }) {
                    printError(
                        "redress: unknown command '\(name) \(next)': did you mean `\(name) \(closest)`? "
                            + "(redress \(name) --help lists its commands)")
                    Foundation.exit(64)
                }
                return
            }
            guard let fallback = command.configuration.defaultSubcommand else { return }
            command = fallback
            path.append(fallback._commandName)
        }
        unknownOption(in: rest, command: command, name: "redress " + path.joined(separator: " "))
    }

    /// The first `--option` the command does not take, in ArgumentParser's words, with the closest
    /// option the command does take when there is one near enough.
    static func unknownOption(in arguments: ArraySlice<String>, command: ParsableCommand.Type, name: String) {
        let help = RedressCommand.helpMessage(for: command, includeHidden: true, columns: 10_000)
        let known = Set(help.matches(of: #/--[a-z0-9][a-z0-9-]*/#).map { String($0.output) }).union(everywhere)
        for argument in arguments {
            if argument == "--" { return }
            guard argument.hasPrefix("--") else { continue }
            let option = String(argument.prefix { $0 != "=" })
            guard !known.contains(option) else { continue }
            var message = "Error: Unknown option '\(option)'."
            if let closest = Suggestion.closest(to: option, among: known.subtracting(everywhere).sorted()) {
                message += " Did you mean '\(closest)'?"
            }
            printError(message)
            printError("Usage: " + RedressCommand.usageString(for: command))
            printError("  See '\(name) --help' for more information.")
            Foundation.exit(64)
        }
    }
}
