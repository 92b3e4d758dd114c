// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Redress",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Redress", targets: ["Redress"]),
        // The month-end page, for a program that serves or files it without the CLI.
        .library(name: "RedressPage", targets: ["RedressPage"]),
        // The conformance suites every store backend must pass (as swift-log ships InMemoryLogging).
        .library(name: "RedressStoreConformance", targets: ["RedressStoreConformance"]),
        .executable(name: "redress", targets: ["redress"]),
    ],
    // PostgreSQL is a trait: the embedded SQLite default builds without postgres-nio and SwiftNIO.
    // `swift build --traits PostgreSQL` (tools/test, tools/install --postgres) adds the server store.
    traits: [
        .trait(name: "PostgreSQL", description: "The PostgreSQL ledger store (postgres://), on postgres-nio."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The PostgreSQL store, only with the PostgreSQL trait (with the SwiftNIO, TLS and logging it runs on).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
        // `redress serve`: the HTTP server, its graceful shutdown, and its Prometheus metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Only for tools/docs (`swift package generate-documentation`): a plugin, never linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Property tests with shrinking (the SLA clock against a second-by-second reference).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Pure domain core: event model, strict NDJSON codec, lifecycle decider. No I/O.
        .target(name: "RedressDomain"),
        // Backend-neutral event-store protocol, stored-event model and the hash chain.
        .target(
            name: "RedressStore",
            dependencies: [
                "RedressDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Process-wide SQLite settings made before SQLite initialises (C: sqlite3_config is variadic).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The embedded default backend: one SQLite file through GRDB.swift.
        .target(
            name: "RedressSQLite",
            dependencies: [
                "RedressDomain", "RedressStore", "RedressProjections", "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // The server backend: one PostgreSQL database shared by many writers (with the PostgreSQL trait;
        // without it the module is empty and postgres:// locations are refused with the rebuild flag).
        .target(
            name: "RedressPostgres",
            dependencies: [
                "RedressDomain", "RedressStore", "RedressProjections",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ]),
        // Pure projection folds and the reports computed from them (metrics, rewards).
        .target(
            name: "RedressProjections",
            dependencies: [
                "RedressDomain", "RedressStore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Application layer: record, import, export, replay, verify, sample data.
        .target(
            name: "Redress",
            dependencies: [
                "RedressDomain", "RedressStore", "RedressSQLite", "RedressPostgres", "RedressProjections",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The month-end page (`redress report`, `GET /v1/reports/{month}.html`): its model, HTML, SVG charts
        // and labels per language. Presentation over the application layer, so it depends on `Redress` (its
        // `extension Ledger` gathers the page's figures through the same reports as `metrics` and `rewards`)
        // and `Redress` knows nothing of pages; the CLI and the service depend on it.
        .target(
            name: "RedressPage", dependencies: ["Redress", "RedressDomain", "RedressStore", "RedressProjections"]),
        // `redress serve`: the HTTP intake and query service over the application layer.
        .target(
            name: "RedressService",
            dependencies: [
                "Redress", "RedressDomain", "RedressStore", "RedressProjections", "RedressPage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The contract, served at /openapi.yaml: a link to Schemas/openapi.yaml, embedded at build time.
            resources: [.embedInCode("openapi.yaml")]),
        // The event-store and projection-store conformance suites, for every backend's tests.
        .target(
            name: "RedressStoreConformance", dependencies: ["RedressDomain", "RedressStore", "RedressProjections"]),
        // The thin command line.
        .executableTarget(
            name: "redress",
            dependencies: [
                "Redress", "RedressDomain", "RedressPage", "RedressService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // In-process measurements for tools/bench (durable single appends).
        // A closed-loop HTTP load of single-event posts, for tools/bench and the service's tests.
        .target(
            name: "RedressLoad",
            dependencies: ["RedressDomain", .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .executableTarget(name: "RedressBench", dependencies: ["Redress", "RedressLoad"]),
        .testTarget(name: "RedressDomainTests", dependencies: ["RedressDomain"]),
        .testTarget(name: "RedressPageTests", dependencies: ["RedressPage"]),
        .testTarget(
            name: "RedressProjectionsTests",
            dependencies: [
                "Redress", "RedressProjections", "RedressSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "RedressStoreTests",
            dependencies: [
                "Redress", "RedressSQLite", "RedressStore", "RedressStoreConformance",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .testTarget(name: "RedressCLITests", dependencies: ["Redress", "redress"]),
        // The service on a real port: routes over HTTP, auth, limits, group commit, shutdown.
        .testTarget(
            name: "RedressServiceTests",
            dependencies: [
                "Redress", "RedressService", "RedressLoad", "redress",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]),
        // The PostgreSQL store on a real server (with the PostgreSQL trait; tools/test starts the server).
        .testTarget(
            name: "RedressPostgresTests",
            dependencies: [
                "Redress", "RedressPostgres", "RedressSQLite", "RedressStoreConformance", "RedressService", "redress",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ]
)

// libFuzzer targets, only when tools/fuzz builds them (REDRESS_FUZZ=1, with -sanitize=fuzzer,address):
// libFuzzer supplies main, so they are not part of the ordinary build.
if ProcessInfo.processInfo.environment["REDRESS_FUZZ"] != nil {
    package.targets += [
        .target(name: "RedressFuzzSupport"),
        .executableTarget(
            name: "RedressFuzzNDJSON", dependencies: ["RedressDomain", "RedressFuzzSupport"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "RedressFuzzPolicy", dependencies: ["RedressProjections", "RedressFuzzSupport"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
}

// Every Swift target sees only the modules it imports (MemberImportVisibility) and exports only what it
// imports `public` (InternalImportsByDefault), as swift-log and Hummingbird build: the compiler keeps the
// layering (the command line and the service reach the stores only through `Redress`).
for target in package.targets where target.name != "CSQLiteTuning" {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
