import ArgumentParser
import Foundation
import Redress
import RedressStore

/// `redress keys`: the Ed25519 key that signs the ledger's heads.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The key that signs every head of the ledger.",
        subcommands: [Create.self, Show.self])

    /// `redress keys create -o FILE`: writes a new signing key to FILE (mode 0600) and its public key to
    /// FILE.pub; never overwrites either. Exit status: 0; 1 a file exists or cannot be written, or a bad name.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a signing key: FILE (private, mode 0600) and FILE.pub (for auditors).",
            discussion: """
                Keep FILE outside the ledger's database and out of reach of those who can write the database. \
                Writers sign \
                with it (--signing-key FILE or REDRESS_SIGNING_KEY=FILE); each signed head is also kept in FILE.head, \
                which verify compares the ledger with. Give auditors FILE.pub and a copy of FILE.head.
                """)

        @Option(help: "The key's name: also the log's origin, redress/NAME.") var name: String = "redress-ledger"
        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the private key.", valueName: "FILE"))
        var output: String

        func run() async throws {
            do {
                guard !FileManager.default.fileExists(atPath: output),
                    !FileManager.default.fileExists(atPath: output + ".pub")
                else {
                    throw LedgerError.input("\(output) or \(output).pub already exists: not overwriting a key")
                }
                let key = try SigningKey(name: name)
                guard
                    FileManager.default.createFile(
                        atPath: output, contents: Data((key.text + "\n").utf8),
                        attributes: [.posixPermissions: 0o600])
                else {
                    throw LedgerError.input("cannot write \(output)")
                }
                guard
                    FileManager.default.createFile(
                        atPath: output + ".pub", contents: Data((key.verifier.text + "\n").utf8))
                else {
                    throw LedgerError.input("cannot write \(output).pub")
                }
                print("signing key \(output) (keep it secret), public key \(output).pub: \(key.verifier.text)")
            } catch {
                throw Failure.report(error)
            }
        }
    }

    /// `redress keys show`: prints a signing key's public key and its newest signed head (checked against
    /// the key first). Exit status: 0; 1 no key given, or the key or its head file is unreadable or invalid.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the public key and the newest signed head of a signing key (for an auditor to keep).")

        @Option(
            name: .customLong("signing-key"),
            help: ArgumentHelp("The key file. Default: $REDRESS_SIGNING_KEY.", valueName: "FILE"))
        var signingKey: String?

        func run() async throws {
            do {
                guard let path = signingKey ?? ProcessInfo.processInfo.environment["REDRESS_SIGNING_KEY"] else {
                    throw LedgerError.input("give --signing-key FILE")
                }
                let signer = try HeadSigner.load(keyPath: path)
                print("public key: \(signer.key.verifier.text)")
                if let data = FileManager.default.contents(atPath: signer.headPath) {
                    _ = try HeadSigner.readHead(signer.headPath, verifier: signer.key.verifier)
                    print("newest signed head (\(signer.headPath)):")
                    print(String(decoding: data, as: UTF8.self), terminator: "")
                } else {
                    print("no head signed yet")
                }
            } catch {
                throw Failure.report(error)
            }
        }
    }
}
