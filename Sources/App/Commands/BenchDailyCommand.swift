import ArgumentParser
import Core
import Foundation
import TUIKit

/// Hidden: in-process figures for scripts/bench_daily.py (`make bench`), printed as JSON.
struct BenchDailyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-daily", abstract: "Benchmarks of the daily loop (config parse, populate, picker).",
        shouldDisplay: false, subcommands: [Parse.self, Populate.self, Picker.self])

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

    /// The picker over `--sessions` x `--accounts` cached accounts (1-6 roles each): the first
    /// complete frame (rows, sort, filter index, drawing at 200x50) and each filter keystroke
    /// (update and redraw) typing a few queries.
    struct Picker: ParsableCommand {
        @Option var sessions = 3
        @Option var accounts = 2000

        func run() throws {
            let words = ["payments", "identity", "search", "ledger", "mobile", "edge", "data", "ml", "web", "core"]
            let stages = ["prod", "staging", "dev", "qa", "sandbox"]
            let roleNames = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "Billing", "DataScientist", "SecurityAudit"]
            var rng = SystemRandomNumberGenerator()
            var trees: [PickerModel.Tree] = []
            var text = ""
            for si in 0..<sessions {
                let name = "session\(si)"
                text += "[sso-session \(name)]\nsso_start_url = https://\(name).awsapps.com/start\nsso_region = us-east-1\n"
                var accts: [Account] = []
                var roles: [String: [String]] = [:]
                for i in 0..<accounts {
                    let id = String(format: "%d%011d", si + 1, i)
                    accts.append(Account(accountId: id, accountName: "\(words[i % words.count])-\(stages[(i / 10) % stages.count])-\(i)"))
                    roles[id] = Array(roleNames.shuffled(using: &rng).prefix(1 + i % 6))
                }
                trees.append(PickerModel.Tree(session: name, accounts: accts, roles: roles))
            }
            let doc = try ConfigDocument(text: text)
            let size = Size(width: 200, height: 50)
            let t0 = DispatchTime.now().uptimeNanoseconds
            var state = PickerState(doc: doc, trees: trees, history: PickerHistory())
            var canvas = Canvas(width: size.width, height: size.height)
            PickerView.render(&state, on: &canvas, size: size)
            let first = BenchDailyCommand.ms(t0)
            var keys: [Double] = []
            for q in ["pay prod adm", "ledger dev read", "zzz", "session2 ml data", "core qa bill"] {
                for ch in q {
                    let t = DispatchTime.now().uptimeNanoseconds
                    _ = PickerUpdate.update(&state, .input(.key(.char(ch))))
                    var c = Canvas(width: size.width, height: size.height)
                    PickerView.render(&state, on: &c, size: size)
                    keys.append(BenchDailyCommand.ms(t))
                }
                for _ in q {
                    let t = DispatchTime.now().uptimeNanoseconds
                    _ = PickerUpdate.update(&state, .input(.key(.backspace)))
                    var c = Canvas(width: size.width, height: size.height)
                    PickerView.render(&state, on: &c, size: size)
                    keys.append(BenchDailyCommand.ms(t))
                }
            }
            keys.sort()
            let p95 = keys[min(keys.count - 1, Int(Double(keys.count) * 0.95))]
            ConfigCLI.say("{\"rows\": \(state.rows.count), \"firstFrameMs\": \(first), \"keystrokes\": \(keys.count), \"keystrokeP95Ms\": \(p95), \"keystrokeMedianMs\": \(keys[keys.count / 2])}")
        }
    }
}
