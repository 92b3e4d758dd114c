public import ArgumentParser
import Foundation
import Redress
import RedressDomain
import RedressStore

/// `redress tokens create|list|revoke`: the bearer tokens of `redress serve`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "The bearer tokens of redress serve: create, list, revoke.",
        discussion: """
            Roles: intake (posts events; --channel limits it to complaints received on one channel), staff (posts \
            events whose actor is --staff ID), auditor (reads complaints, the feed, reports; verify), payroll \
            (reward statements: read, issue, diff), admin (everything). The ledger keeps only a salted hash: a token \
            is printed once, at creation.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    /// `redress tokens create --role ROLE`: prints a new bearer token on standard output, once; the ledger
    /// keeps only its salted hash. Exit status: 0; 1 a scope that does not fit the role; 64 usage; 75 locked.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it (once: only its salted hash is kept).",
            discussion: """
                Examples:
                  redress tokens create --role intake --channel web
                  redress tokens create --role staff --staff agent-7
                  redress tokens create --role auditor
                """)

        @OptionGroup var options: WriteLedgerOptions
        @Option(help: "intake, staff, auditor, payroll or admin.") var role: AccessRole
        @Option(help: ArgumentHelp("For a staff token: the staff id it records work as.", valueName: "ID"))
        var staff: String?
        @Option(
            help: ArgumentHelp("For an intake token: the one channel it may post for.", valueName: "NAME"),
            completion: .list(Channel.allCases.map(\.rawValue)))
        var channel: String?

        func run() async throws {
            try await options.withLedger { ledger in
                let (token, record) = try await ledger.createToken(role: role, staff: staff, channel: channel)
                print(token)
                printError("token \(record.id) (\(role.rawValue)) created; the line above is shown only now")
            }
        }
    }

    /// `redress tokens list`: one line per token (id, role, scope, created, state), never a secret.
    /// Reads only. Exit status: 0; 66 no ledger.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every token: id, role, scope, state.")

        @OptionGroup var options: ReadLedgerOptions

        func run() async throws {
            try await options.withLedger(.readOnly) { ledger in
                let tokens = try await ledger.tokens()
                if tokens.isEmpty { print("no tokens yet: redress tokens create --role ROLE") }
                for token in tokens {
                    var scope = "-"
                    if let staff = token.staff { scope = "staff \(staff)" }
                    if let channel = token.channel { scope = "channel \(channel)" }
                    let created = Timestamp(epochMilliseconds: token.createdMs).utcMillisecondText
                    let state =
                        token.revokedMs.map {
                            "revoked \(Timestamp(epochMilliseconds: $0).utcMillisecondText)"
                        } ?? "active"
                    let role = token.role.padding(toLength: 7, withPad: " ", startingAt: 0)
                    print("\(token.id)  \(role)  \(scope)  created \(created)  \(state)")
                }
            }
        }
    }

    /// `redress tokens revoke ID`: marks the token revoked; a running service refuses it within 2 seconds.
    /// Exit status: 0; 1 no token in force has that id; 64 usage; 75 locked.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id (a running service refuses it within 2 seconds).")

        @OptionGroup var options: WriteLedgerOptions
        @Argument(help: ArgumentHelp("The token's id, as tokens list shows it.", valueName: "ID")) var id: String

        func run() async throws {
            try await options.withLedger { ledger in
                try await ledger.revokeToken(id)
                print("revoked \(Ledger.tokenID(bearer: id) ?? id)")
            }
        }
    }
}

extension AccessRole: ExpressibleByArgument {}
