import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-sso-emulator",
        abstract: "A local AWS IAM Identity Center (SSO OIDC + SSO portal) emulator for tests, benchmarks and demos.",
        discussion: """
            Serves RegisterClient, StartDeviceAuthorization, CreateToken, /authorize (PKCE), ListAccounts,
            ListAccountRoles, GetRoleCredentials, Logout, the federation (console sign-in) endpoint, a
            device verification page, and admin endpoints under /_emulator/ — all on one base URL.
            Prints exactly one line to stdout when ready: "listening http://127.0.0.1:PORT".
            """)

    @Option(help: "Address to bind. Loopback only.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free port.")
    var port: Int = 0

    @Option(help: "Number of accounts in the generated org.")
    var accounts: Int = 12

    @Option(help: "Seed for the generated org (same seed and count, same org).")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Org JSON file, instead of a generated org.", valueName: "file.json"))
    var org: String?

    @Option(name: .customLong("latency-ms"), help: "Delay every API response by this many milliseconds.")
    var latencyMs: Int = 0

    @Option(name: .customLong("throttle-rps"), help: "Collective rate limit over all API calls (token bucket, burst = rate); excess calls get 429.")
    var throttleRps: Double?

    @Option(name: .customLong("auto-approve-after"), help: "Approve device and PKCE authorizations automatically this many seconds after they start.")
    var autoApproveAfter: Double?

    @Option(name: .customLong("token-ttl"), help: "Access token lifetime (expiresIn), seconds.")
    var tokenTTL: Int = 3600

    @Option(name: .customLong("device-code-ttl"), help: "Device code / PKCE request lifetime (expiresIn), seconds.")
    var deviceCodeTTL: Int = 600

    @Option(name: .customLong("poll-interval"), help: "Device flow polling interval, seconds.")
    var pollInterval: Int = 1

    @Option(name: .customLong("registration-ttl"), help: "Client registration lifetime, seconds (default 90 days).")
    var registrationTTL: Int = 90 * 24 * 3600

    @Option(name: .customLong("credentials-ttl"), help: "Role credentials lifetime, seconds.")
    var credentialsTTL: Int = 3600

    @Option(help: "Failure mode for API operations: html500, html200, truncated, short, empty, reset, hang, throttle, unauthorized, expired-registration, none.")
    var failure: String = "none"

    @Option(name: .customLong("failure-ops"), help: "Comma-separated operations the failure mode applies to (default: all API operations).")
    var failureOps: String?

    @Option(name: .customLong("ready-file"), help: "Write the base URL to this file once listening.")
    var readyFile: String?

    @Option(name: .customLong("request-log"), help: "Append every request (JSON lines, secrets redacted) to this file.")
    var requestLog: String?

    @Option(name: .customLong("clock-skew"), help: "Seconds to add to the Date header of every response (tests clients' clock-skew checks).")
    var clockSkew: Double = 0

    @Flag(help: "Print one line per request to stderr (no secrets).")
    var verbose = false

    func validate() throws {
        guard host == "127.0.0.1" || host == "localhost" || host.hasPrefix("127.") else {
            throw ValidationError("--host must be a loopback address (127.x.x.x); the emulator never listens elsewhere")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard (0...1_000_000).contains(accounts) else { throw ValidationError("--accounts must be 0...1000000") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must be >= 0") }
        if let r = throttleRps, !(r > 0) { throw ValidationError("--throttle-rps must be > 0") }
        if let a = autoApproveAfter, a < 0 { throw ValidationError("--auto-approve-after must be >= 0") }
        guard tokenTTL > 0, deviceCodeTTL > 0, registrationTTL > 0, credentialsTTL > 0 else {
            throw ValidationError("lifetimes must be > 0")
        }
        guard pollInterval >= 0 else { throw ValidationError("--poll-interval must be >= 0") }
        guard FailureMode(rawValue: failure) != nil else {
            throw ValidationError("--failure must be one of " + FailureMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let f = failureOps, case .failure(let e) = parseOperations(f) { throw ValidationError(e.description) }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .warning
            return h
        }
        var logger = Logger(label: "aws-sso-emulator")
        logger.logLevel = .warning

        let theOrg: Org
        if let path = org {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read --org file \(path)")
            }
            do { theOrg = try Org.parse(data) } catch { throw ValidationError("\(path): \(error)") }
        } else {
            theOrg = Org.generate(count: accounts, seed: seed)
        }

        var config = EmulatorConfig()
        config.latencyMs = latencyMs
        config.throttleRps = throttleRps
        config.autoApproveAfter = autoApproveAfter
        config.tokenTTL = tokenTTL
        config.deviceCodeTTL = deviceCodeTTL
        config.pollInterval = pollInterval
        config.registrationTTL = registrationTTL
        config.credentialsTTL = credentialsTTL
        config.verbose = verbose
        config.requestLogPath = requestLog

        let ops = try failureOps.map { try parseOperations($0).get() }
        let log = try RequestLog(path: requestLog, verbose: verbose)
        let store = Store(config: config, org: theOrg, failure: FailureMode(rawValue: failure)!,
                          failureOps: ops, log: log)
        let server = Server(store: store)
        let bindHost = host == "localhost" ? "127.0.0.1" : host
        let readyFile = self.readyFile

        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                await server.respond(to: request)
            },
            server: .http1(configuration: .init(additionalChannelHandlers:
                [ExpectContinueHandler(), FaultHandler()] + (clockSkew != 0 ? [DateSkewHandler(skew: clockSkew)] : []))),
            configuration: .init(address: .hostname(bindHost, port: port), serverName: "aws-sso-emulator"),
            onServerRunning: { channel in
                let p = channel.localAddress?.port ?? 0
                let url = "http://\(bindHost):\(p)"
                store.baseURL.withLock { $0 = url }
                if let readyFile {
                    let tmp = readyFile + ".tmp\(getpid())"
                    try? Data((url + "\n").utf8).write(to: URL(fileURLWithPath: tmp))
                    _ = rename(tmp, readyFile)
                }
                // Unbuffered, so the line is out before anything else happens.
                FileHandle.standardOutput.write(Data("listening \(url)\n".utf8))
            },
            logger: logger)

        var groupConfig = ServiceGroupConfiguration(
            services: [
                .init(service: app),
                .init(service: ShutdownWatcher(store: store), successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger)
        groupConfig.maximumGracefulShutdownDuration = .seconds(3)
        let group = ServiceGroup(configuration: groupConfig)
        try await group.run()
    }
}

/// Tells hanging requests that the emulator is stopping, so that shutdown is prompt.
struct ShutdownWatcher: Service {
    let store: Store
    func run() async throws {
        try? await gracefulShutdown()
        store.shuttingDown.withLock { $0 = true }
    }
}

