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
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: [
        // MARK: - Core
        .target(
            name: "Kernel",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Runtimes", dependencies: ["Kernel"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["Kernel"], swiftSettings: strict),

        // MARK: - Backends
        .target(
            name: "SystemctlBackend",
            dependencies: ["Kernel", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),

        // MARK: - Transports
        .target(name: "Transports", dependencies: ["Kernel"], swiftSettings: strict),

        // MARK: - Executable
        .executableTarget(
            name: "SiaxAgent",
            dependencies: [
                "Kernel", "Runtimes", "Store", "SystemctlBackend", "Transports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Test support and tests
        .target(name: "KernelTestSupport", dependencies: ["Kernel"], swiftSettings: strict),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "KernelTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RuntimesTests",
            dependencies: ["Runtimes", "Kernel", "KernelTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Kernel"], swiftSettings: strict),
        .testTarget(
            name: "SystemctlBackendTests",
            dependencies: ["SystemctlBackend", "Kernel"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Kernel", "Runtimes", "Store", "SystemctlBackend", "KernelTestSupport"],
            resources: [.copy("Apps")],
            swiftSettings: strict
        ),
    ]
)
