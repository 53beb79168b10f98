// swift-tools-version:6.2
// The `pay` package: the client library, the embedded sandbox, the language and the CLI.
import PackageDescription

let package = Package(
    name: "pay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pay", targets: ["pay"]),
        .executable(name: "pay-fuzz", targets: ["PayFuzz"]),
        .executable(name: "pay-mcp", targets: ["PayMCPCommand"]),
        .library(name: "PayDecimal", targets: ["PayDecimal"]),
        .library(name: "PayClient", targets: ["PayClient"]),
        .library(name: "PaySandbox", targets: ["PaySandbox"]),
        .library(name: "PayScriptSyntax", targets: ["PayScriptSyntax"]),
        .library(name: "PayScript", targets: ["PayScript"]),
        .library(name: "PayREPL", targets: ["PayREPL"]),
        .library(name: "PayRunner", targets: ["PayRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        // Exact decimals alone, so the language's syntax and the client can share them.
        .target(name: "PayDecimal", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        .target(
            name: "PayClient",
            dependencies: [
                "PayDecimal",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "PaySandbox", dependencies: ["PayClient"]),
        // `pay sandbox --data FILE`: the sandbox's journal in SQLite (GRDB), WAL.
        .target(name: "PaySandboxStore", dependencies: ["PaySandbox", .product(name: "GRDB", package: "GRDB.swift")]),
        // `pay sandbox` over HTTP on Hummingbird: the API, the payer's pages and the dashboard
        // (templates in swift-mustache, compiled in), and /metrics (swift-metrics as the API,
        // swift-prometheus behind it).
        .target(name: "PaySandboxServer", dependencies: [
            "PaySandbox", "PayClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // What `pay` and `pay-mcp` share: the console, the gateway option groups, exit statuses.
        .target(name: "PayCommandLine", dependencies: [
            "PayGateway", "PayClient", "PaySandbox", "PayScript",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `pay-mcp`, which `pay mcp` runs: a program of its own, as the MCP SDK links libcurl.
        .executableTarget(name: "PayMCPCommand", dependencies: [
            "PayCommandLine", "PayMCP", "PayGateway", "PayScript",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]),
        // `pay mcp`: the Model Context Protocol server, on the MCP Swift SDK.
        .target(name: "PayMCP", dependencies: [
            "PayClient", "PayScript", "PayRunner",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        // The language's syntax alone (tokens, tree, parser, diagnostics, the loader, the checker),
        // as Hurl's hurl_core: the REPL's prompt, editors and the fuzzer use it without the client.
        .target(name: "PayScriptSyntax", dependencies: ["PayDecimal"]),
        // libFuzzer over lexer, parser and checker, or a corpus replayer in a plain build
        // (Tests/fuzz/run.sh).
        .executableTarget(name: "PayFuzz", dependencies: ["PayScriptSyntax"]),
        // The interpreter; `load()` reads CSV with SwiftCSV.
        .target(name: "PayScript", dependencies: ["PayScriptSyntax", "PayClient", .product(name: "SwiftCSV", package: "SwiftCSV")]),
        // `pay lsp`: the language server, over the syntax and the checker; written here, as no
        // Swift LSP library is on the machine (see its opening comment).
        .target(name: "PayLanguageServer", dependencies: ["PayScript"]),
        // `pay test`: discovery, sharding, a pool of interpreters, JUnit and JSON reports.
        .target(name: "PayRunner", dependencies: ["PayScript"]),
        // Where scripts run, for every entry point: settings, their precedence, the network, the
        // guards, and the sessions. The executable only parses options into it.
        .target(name: "PayGateway", dependencies: ["PayRunner", "PayScript", "PaySandbox", "PayClient"]),
        // GNU readline, for the REPL only: nothing else links it.
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // The interactive prompt on readline: line editing, history, completion, Ctrl-C. readline
        // is one process-wide C state machine of mutable globals, which Swift 6 cannot check;
        // the prompt drives it from one thread, so this target alone builds in Swift 5 mode.
        .target(name: "PayREPL", dependencies: ["PayScript", "CReadline"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(
            name: "pay",
            dependencies: [
                "PayClient", "PaySandbox", "PaySandboxStore", "PaySandboxServer", "PayCommandLine", "PayScript", "PayREPL", "PayRunner", "PayLanguageServer", "PayGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]
        ),
        // A real HTTP server on loopback, scripted per test, for the tests that need a gateway.
        .target(name: "LoopbackServer", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/Support"),
        .testTarget(
            name: "PayClientTests",
            dependencies: ["PayClient", "LoopbackServer"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "PayDecimalTests", dependencies: ["PayDecimal"]),
        .testTarget(name: "PayMCPTests", dependencies: ["PayMCP"]),
        .testTarget(name: "PayGatewayTests", dependencies: ["PayGateway", "PayClient", "PaySandbox", "PayScript", "LoopbackServer"]),
        .testTarget(name: "PayLanguageServerTests", dependencies: ["PayLanguageServer", "PayScriptSyntax"]),
        .testTarget(name: "PayRunnerTests", dependencies: ["PayRunner", "PayClient", "PayDecimal"]),
        .testTarget(name: "PaySandboxTests", dependencies: ["PaySandbox", "PaySandboxStore", "PayClient"]),
        .testTarget(name: "PayREPLTests", dependencies: ["PayREPL", "PayScript", "PayClient", "PaySandbox"]),
        .testTarget(name: "PayScriptTests", dependencies: ["PayScriptSyntax", "PayScript", "PayClient", "PaySandbox"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PayClient", "PaySandbox", "LoopbackServer", "PayGateway", "PayScript",
                                                   .product(name: "HTTPTypes", package: "swift-http-types")], exclude: ["Cases"]),
    ]
)

// The project's own targets build with no warning: a new one fails the build (issue 31). The
// dependencies' warnings are theirs; the test targets' stay warnings.
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
