// swift-tools-version:6.0
import PackageDescription

// Layout and dependency rule (see README "Layout"):
//   App -> Core, TUIKit.   Core and TUIKit never import each other.
//   Emulator (the local IAM Identity Center stand-in) depends on neither.
let package = Package(
    name: "aws-sso-tui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aws-sso-tui", targets: ["App"]),
        .executable(name: "aws-sso-emulator", targets: ["Emulator"]),
        .executable(name: "tuikit-example", targets: ["TUIKitExample"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "TUIKit", targets: ["TUIKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // The emulator imports these directly; they come with Hummingbird anyway, and are named
        // here so the Emulator target lists every module it imports.
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // System libraries. Each has a shim header with small typed C wrappers
        // (curl_easy_setopt is variadic; ncurses globals are not concurrency-safe).
        .systemLibrary(name: "CNCursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        // libcurl is not linked: CCurl loads it with dlopen on the first request, so commands
        // that never go to the network (credential-process from the cache, --help) do not pay
        // for loading it and its ~25 libraries at start. Headers: libcurl4-openssl-dev.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),

        .target(name: "Core", dependencies: [
            "CCurl",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "TUIKit", dependencies: ["CNCursesw", "CQRencode"]),
        .executableTarget(name: "App", dependencies: [
            "Core", "TUIKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "Emulator", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "TUIKitExample", dependencies: ["TUIKit"]),

        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "TUIKitTests", dependencies: ["TUIKit"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "AppTests", dependencies: ["App", "Core", "TUIKit"],
                    exclude: ["__Snapshots__"]),
    ]
)
