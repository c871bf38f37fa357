// swift-tools-version: 6.1
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency.
let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "siax-agent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "siax-agent", targets: ["SiaxAgent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // MARK: - Core: protocols, models, services. No C, no HTTP.
        .target(
            name: "Kernel",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Runtimes", dependencies: ["Kernel"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["Kernel"], swiftSettings: strict),
        .target(
            name: "Monitor", dependencies: ["Kernel", .product(name: "CoreMetrics", package: "swift-metrics")],
            swiftSettings: strict
        ),

        // MARK: - Backends
        // Log levels recognised from journal lines (pino, winston, Python logging, …), for both backends.
        .target(name: "LogLevels", dependencies: ["Kernel"], swiftSettings: strict),
        .target(
            name: "SystemctlBackend",
            dependencies: ["Kernel", "LogLevels", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(name: "DBusBackend", dependencies: ["Kernel", "LogLevels", "CSystemd"], swiftSettings: strict),

        // MARK: - Transports (Sources/Transports/): the HTTP core, and the parts that add routes to it
        // The HTTP server and what every route shares: auth, sessions, audit, the route table, OpenAPI.
        .target(
            name: "HTTPCore",
            dependencies: [
                "Kernel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Transports/HTTPCore",
            swiftSettings: strict
        ),
        // WS /logs/{name}, WS /api/events/stream, WS /api/system/logs/stream.
        .target(
            name: "WebSocketStreams",
            dependencies: [
                "Kernel", "HTTPCore",
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Transports/WebSocket",
            swiftSettings: strict
        ),
        // POST /webhook/command (Standard Webhooks signatures).
        .target(
            name: "Webhooks",
            dependencies: [
                "Kernel", "HTTPCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Sources/Transports/Webhook",
            swiftSettings: strict
        ),
        // GET /metrics, and the metrics factory the Kernel records through.
        .target(
            name: "MetricsEndpoint",
            dependencies: [
                "Kernel", "HTTPCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Sources/Transports/Metrics",
            swiftSettings: strict
        ),
        // The web panel's files, served for paths no route matched.
        .target(
            name: "WebPanel",
            dependencies: ["Kernel", "HTTPCore", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/Transports/Panel",
            resources: [.copy("index.html"), .copy("style.css"), .copy("favicon.svg"), .copy("js")],
            swiftSettings: strict
        ),
        .target(
            name: "CloudReporter",
            dependencies: [
                "Kernel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Executable: registers every plugin, serves, and is the CLI client
        // `prctl` (variadic in C) for the agent's process.
        .target(name: "CProcessControl"),
        .executableTarget(
            name: "SiaxAgent",
            dependencies: [
                "CProcessControl", "Kernel", "Runtimes", "Store", "Monitor", "SystemctlBackend", "DBusBackend", "CloudReporter",
                "HTTPCore", "WebSocketStreams", "Webhooks", "MetricsEndpoint", "WebPanel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict,
            // The release binary is linked by lld with packed relative relocations (DT_RELR, glibc
            // >= 2.36: Debian 12) and without an exported symbol table (Swift's default exports
            // every symbol of an executable, for plugins to look up; the agent loads none): 8 MB
            // smaller, and the loader no longer reads 3.3 MB of relocations and 3.6 MB of symbols
            // at every start (docs/benchmarks.md, "The agent's unit after a boot").
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                    .when(configuration: .release)),
            ]
        ),

        // MARK: - Benchmarks (scripts/bench): run inside the sandbox
        .executableTarget(
            name: "siax-bench", dependencies: ["DBusBackend", "SystemctlBackend", "Kernel", "Monitor", "Runtimes"], path: "Sources/Bench",
            swiftSettings: strict
        ),

        // MARK: - Test support and tests
        // In-memory backend, store and runtime, a test Kernel around them, a local HTTP server,
        // and the "systemd is PID 1" check with the `.aloneOnly` trait, shared by the test targets.
        .target(
            name: "KernelTestSupport",
            dependencies: [
                "Kernel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "KernelTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RuntimesTests",
            dependencies: ["Runtimes", "Kernel", "KernelTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Kernel"], swiftSettings: strict),
        .testTarget(name: "LogLevelsTests", dependencies: ["LogLevels", "Kernel"], swiftSettings: strict),
        .executableTarget(
            name: "RegistryCrashWriter", dependencies: ["Store", "Kernel"], path: "Tests/Tools/RegistryCrashWriter",
            swiftSettings: strict
        ),
        .testTarget(
            name: "MonitorTests",
            dependencies: [
                "Monitor", "Kernel", "KernelTestSupport",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CloudReporterTests",
            dependencies: [
                "CloudReporter", "Kernel", "Monitor", "KernelTestSupport",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SystemctlBackendTests",
            dependencies: ["SystemctlBackend", "Kernel", "KernelTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "DBusBackendTests", dependencies: ["DBusBackend", "Kernel", "KernelTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "TransportsTests",
            dependencies: [
                "HTTPCore", "WebSocketStreams", "Webhooks", "MetricsEndpoint", "WebPanel", "Kernel", "KernelTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Kernel", "Runtimes", "Store", "Monitor", "SystemctlBackend", "DBusBackend", "CloudReporter",
                "HTTPCore", "WebSocketStreams", "Webhooks", "MetricsEndpoint", "WebPanel", "KernelTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Apps"],
            swiftSettings: strict
        ),
        // A transport that exists only in the tests: its own target, one setting, one route.
        .target(
            name: "GreetingTransport",
            dependencies: ["Kernel", "HTTPCore", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/GreetingTransport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                "GreetingTransport", "HTTPCore", "Kernel", "KernelTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ]
)
