import ArgumentParser
import Core
import Foundation

/// Hidden: in-process figures for scripts/bench_daily.py (`make bench`), printed as JSON.
struct BenchDailyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-daily", abstract: "Benchmarks of the daily loop (config parse, populate, picker).",
        shouldDisplay: false, subcommands: [Parse.self, Populate.self])

    static func ms(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

    /// CPU time of this thread in ms (on a shared, loaded machine wall time includes waiting for a core).
    static func cpuMs() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }

    /// Reading and parsing a config file, `--runs` times; the median.
    struct Parse: ParsableCommand {
        @Argument var file: String
        @Option var runs = 50

        func run() throws {
            var ts: [Double] = [], cpu: [Double] = []
            // Every document is kept: a command never frees its document, so freeing is not timed.
            var docs: [ConfigDocument] = []
            docs.reserveCapacity(runs)
            for _ in 0..<runs {
                let t = DispatchTime.now().uptimeNanoseconds
                let c = BenchDailyCommand.cpuMs()
                docs.append(try ConfigStore(path: file).load())
                cpu.append(BenchDailyCommand.cpuMs() - c)
                ts.append(BenchDailyCommand.ms(t))
            }
            let profiles = docs.last?.profiles.count ?? 0
            ts.sort(); cpu.sort()
            ConfigCLI.say("{\"medianMs\": \(ts[ts.count / 2]), \"medianCpuMs\": \(cpu[cpu.count / 2]), \"profiles\": \(profiles)}")
        }
    }

    /// Populate planning and saving `--pairs` new (account, role) pairs into a copy of `--config`:
    /// everything populate does after the listing (read, plan, apply, render, atomic save).
    struct Populate: ParsableCommand {
        @Option var pairs = 2000
        @Option var config: String

        func run() throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-populate-\(getpid())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let path = dir + "/config"
            try FileManager.default.copyItem(atPath: config, toPath: path)
            let roleNames = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "Billing"]
            var accounts: [Account] = []
            var roles: [AccountRole] = []
            var i = 0
            while roles.count < pairs {
                let id = String(format: "9%011d", i)
                accounts.append(Account(accountId: id, accountName: "new-account-\(i)", emailAddress: nil))
                for r in roleNames.prefix(1 + i % 4) where roles.count < pairs { roles.append(AccountRole(accountId: id, roleName: r)) }
                i += 1
            }
            let pop = Populator(session: "acme", region: "eu-west-1", output: nil)
            var plan = PopulatePlan()
            let t = DispatchTime.now().uptimeNanoseconds
            try ConfigStore(path: path).update { doc in
                plan = pop.plan(doc: doc, accounts: accounts, roles: roles)
                try pop.apply(plan, to: &doc, prune: false)
            }
            let took = BenchDailyCommand.ms(t)
            ConfigCLI.say("{\"ms\": \(took), \"added\": \(plan.added.count)}")
        }
    }
}
