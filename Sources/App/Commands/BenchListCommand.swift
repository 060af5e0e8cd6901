import ArgumentParser
import Core
import Foundation

/// Hidden: lists the full account-and-role tree once and prints the figures as JSON (used by
/// `make bench`). `--prioritize ACCOUNT --after SECONDS` asks for one account's roles mid-way
/// and reports how long they took to arrive.
struct BenchListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-list", abstract: "Benchmark the account/role listing.",
                                                    shouldDisplay: false)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long) var session: String?
    @Option(name: .long) var concurrency: Int = 16
    @Option(name: .long) var prioritize: String?
    @Option(name: .long) var after: Double = 1.0
    /// Pacing gain for experiments (0: no pacing); default: the loader's own.
    @Option(name: .long) var pacingGain: Double?

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: nil)
        let token = try await ctx.accessToken()
        var opts = SSOContext.listingOptions
        opts.concurrency = concurrency
        if let g = pacingGain { opts.pacingGain = g > 0 ? g : nil }
        let loader = AccountTreeLoader(portal: ctx.portal, accessToken: token, options: opts)
        let start = Date()
        let runner = Task { await loader.run() }
        let askedAt = Stamp()
        if let id = prioritize {
            let wait = after
            Task {
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                askedAt.set(Date())
                await loader.prioritize(id)
            }
        }
        var priorityLatency: Double?
        var stats = ListingStats()
        var accountsComplete: Double?
        for await e in loader.events {
            switch e {
            case .roles(let id, _) where id == prioritize:
                if let a = askedAt.get() { priorityLatency = Date().timeIntervalSince(a) } else { priorityLatency = -1 }
            case .accountsComplete: accountsComplete = Date().timeIntervalSince(start)
            case .finished(let s): stats = s
            case .failed(let m), .unauthorized(let m): throw CLIError(message: m)
            default: break
            }
        }
        await runner.value
        var ru = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ru)
        var out: [String: Any] = [
            "requests": stats.requests, "throttled": stats.throttled, "retries": stats.retries,
            "failedAccounts": stats.failedAccounts, "peakConcurrency": stats.peakConcurrency,
            "accounts": stats.accounts, "roles": stats.roles,
            "firstPageMs": Int((stats.firstPageAfter ?? 0) * 1000), "totalMs": Int(stats.totalTime * 1000),
            "accountsCompleteMs": Int((accountsComplete ?? 0) * 1000), "peakRssKB": Int(ru.ru_maxrss),
        ]
        if let r = stats.finalRate { out["finalRate"] = Int(r * 10) }
        if let p = priorityLatency { out["priorityLatencyMs"] = Int(p * 1000) }
        try ConfigCLI.printJSON(out)
    }
}

/// A time stamp shared between tasks.
final class Stamp: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date?
    func set(_ d: Date) { lock.withLock { value = d } }
    func get() -> Date? { lock.withLock { value } }
}
