// tuikit-example: a list of ~200 items with a filter, plus a small form, built on TUIKit.
//
//   tuikit-example                 run the full-screen example
//   tuikit-example --bench-filter  measure filtering 10,000 rows per keystroke (release build!)
//   tuikit-example --countdown     also show a countdown that ticks every second
import Foundation
import TUIKit

// MARK: - Data

let cities = ["Zürich", "東京", "Berlin", "São Paulo", "Reykjavík", "New York", "Κρήτη", "🚀 Launch", "Montréal", "서울"]
let roles = ["admin", "developer", "readonly", "billing", "poweruser"]

func makeItems(_ n: Int) -> [String] {
    var rows: [[String]] = []
    for i in 0..<n {
        let num = String(i + 1)
        let id = String(repeating: "0", count: max(0, 3 - num.count)) + num
        rows.append(["item \(id)", cities[i % cities.count], roles[(i / cities.count) % roles.count]])
    }
    return Columns.format(rows, separator: "  ")
}

// MARK: - Benchmark

func threadCPUms() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

func benchFilter() {
    // 10,000 rows like "acct-100000007919  prod-Zürich  admin-dev"; each query is typed one key at
    // a time (incremental), then three backspaces (full refilters). Times are per keystroke and
    // include ListState.handle: query edit, matching, ranking and selection update.
    var rows: [[String]] = []
    let words = ["prod", "dev", "staging", "sandbox", "shared", "security", "logging", "network", "data", "ml"]
    for i in 0..<10_000 {
        rows.append(["acct-\(100000000000 + i * 7919)", "\(words[i % 10])-\(cities[(i / 10) % cities.count])",
                     roles[(i / 100) % roles.count] + "-\(words[(i / 7) % 10])"])
    }
    let items = Columns.format(rows, separator: "  ")
    let t0 = DispatchTime.now().uptimeNanoseconds
    var state = ListState(items: items)
    let buildMs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    print("items: \(items.count), index build: \(String(format: "%.2f", buildMs)) ms")
    var allTimes: [Double] = []
    var allCPU: [Double] = []
    for kind in [MatchKind.substring, .fuzzy] {
        for query in ["prodadmin", "zurich", "security-readonly", "xyz"] {
            var times: [Double] = []
            var cpuTimes: [Double] = []
            var matches = 0
            for _ in 0..<5 {
                state.clearFilter()
                state.matchKind = kind
                _ = state.handle(.key(.char("/")))
                for ch in query {
                    let s = DispatchTime.now().uptimeNanoseconds, c = threadCPUms()
                    _ = state.handle(.key(.char(ch)))
                    cpuTimes.append(threadCPUms() - c)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                }
                // And deleting back (a full refilter per key).
                for _ in 0..<3 {
                    let s = DispatchTime.now().uptimeNanoseconds, c = threadCPUms()
                    _ = state.handle(.key(.backspace))
                    cpuTimes.append(threadCPUms() - c)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                }
                matches = state.visible.count
            }
            times.sort()
            cpuTimes.sort()
            allTimes.append(contentsOf: times)
            allCPU.append(contentsOf: cpuTimes)
            let median = times[times.count / 2], p95 = times[times.count * 95 / 100], worst = times.last!
            print("\(kind == .fuzzy ? "fuzzy    " : "substring") \(query.padded(toWidth: 18)) keys: \(times.count)  "
                  + "median \(String(format: "%.3f", median)) ms  p95 \(String(format: "%.3f", p95)) ms  "
                  + "max \(String(format: "%.3f", worst)) ms  cpu max \(String(format: "%.3f", cpuTimes.last!)) ms"
                  + "  (matches after backspaces: \(matches))")
        }
    }
    allTimes.sort()
    allCPU.sort()
    print(String(format: "all keystrokes (wall): %d  median %.3f ms  p95 %.3f ms  max %.3f ms",
                 allTimes.count, allTimes[allTimes.count / 2], allTimes[allTimes.count * 95 / 100], allTimes.last!))
    print(String(format: "all keystrokes (thread CPU): median %.3f ms  p95 %.3f ms  max %.3f ms",
                 allCPU[allCPU.count / 2], allCPU[allCPU.count * 95 / 100], allCPU.last!))
}

// MARK: - The app

enum Focus: Sendable { case list, form }

struct AppState {
    var list = ListState(items: makeItems(200))
    var form = FormState(fields: [])
    var focus = Focus.list
    var toast: Toast? = Toast("Welcome — / filters, Enter edits, ? help, q quits")
    var showHelp = false
    var spinner = SpinnerState()
    var loading = true
    var countdown: Int? = nil
    var size = Size(width: 80, height: 24)
}

enum Msg: Sendable {
    case event(InputEvent)
    case loaded(String)
    case spin
    case tick
    case toastExpired
}

let regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
               "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "ca-central-1"]
let outputs = ["json", "text", "table", "yaml", "yaml-stream"]

let globalKeys = [
    KeyBinding([.enter], help: "edit"),
    KeyBinding([.char("?")], help: "help"),
    KeyBinding([.char("q"), .ctrl("c")], label: "q", help: "quit"),
]

func layout(_ size: Size) -> (title: Rect, list: Rect, side: Rect, toast: Rect, help: Rect) {
    let rows = Layout(.vertical, [.length(1), .fill(1), .length(1), .length(1)]).split(Rect(size: size))
    let cols = Layout(.horizontal, [.fill(3), .min(24)], spacing: 0).split(rows[1])
    return (rows[0], cols[0], cols[1], rows[2], rows[3])
}

func listPageSize(_ s: AppState) -> Int {
    List.contentHeight(for: layout(s.size).list.inset(by: 1), state: s.list)
}

func update(_ s: inout AppState, _ msg: Msg) -> [Command<Msg, Never>] {
    switch msg {
    case .loaded(let text):
        s.loading = false
        s.toast = Toast(text, level: .success)
        return [.cancelTimer("spinner"), .after(3, id: "toast", .toastExpired)]
    case .spin:
        s.spinner.tick(); return []
    case .tick:
        if let c = s.countdown { s.countdown = max(0, c - 1) }
        return []
    case .toastExpired:
        s.toast = nil; return []
    case .event(let ev):
        if case .resize(let size) = ev { s.size = size; s.list.pageSize = listPageSize(s); return [] }
        if case .key(.ctrl("c")) = ev { return [.quit] }
        if s.showHelp {
            if case .key = ev { s.showHelp = false }
            return []
        }
        switch s.focus {
        case .form:
            switch s.form.handle(ev) {
            case .submitted:
                let v = s.form.values
                s.focus = .list
                s.toast = Toast("Saved \(v["Name"] ?? "") (\(v["Region"] ?? ""), \(v["Output"] ?? ""))", level: .success)
                return [.after(5, id: "toast", .toastExpired)]
            case .cancelled:
                s.focus = .list
                s.toast = Toast("Cancelled", level: .info)
                return [.after(3, id: "toast", .toastExpired)]
            default:
                return []
            }
        case .list:
            let filtering = s.list.filterMode == .filtering
            let r = s.list.handle(ev)
            s.list.pageSize = listPageSize(s)
            switch r {
            case .activated(let i):
                let name = s.list.items[i].split(separator: " ").prefix(2).joined(separator: "-")
                s.form = FormState(fields: [
                    FormField("Name", text: name, placeholder: "profile name", validators: [.required,
                        Validator("no spaces") { $0.contains(" ") ? "no spaces allowed" : nil }]),
                    FormField("Region", pick: regions, value: "eu-central-1"),
                    FormField("Output", pick: outputs, value: "json"),
                ])
                s.focus = .form
                return []
            case .ignored:
                if filtering { return [] }
                switch ev {
                case .key(.char("q")): return [.quit]
                case .key(.char("?")): s.showHelp = true; return []
                case .key(.tab), .key(.right): if let i = s.list.selectedIndex { _ = i }; return []
                case .key(.char("c")):
                    if let item = s.list.selectedItem {
                        Clipboard.copy(item)
                        s.toast = Toast("Copied “\(item.truncated(toWidth: 30))” (OSC 52)", level: .success)
                        return [.after(3, id: "toast", .toastExpired)]
                    }
                    return []
                default: return []
                }
            default: return []
            }
        }
    }
}

func view(_ s: AppState, _ size: Size) -> Canvas {
    var c = Canvas(size: size)
    let L = layout(size)
    let theme = Theme.standard
    c.text(" TUIKit example ", at: L.title.origin, style: theme.accent)
    var right = "\(s.list.visible.count)/\(s.list.items.count) items"
    if let cd = s.countdown { right = "expires in \(cd / 60):\(String(format: "%02d", cd % 60))  " + right }
    c.text(right, at: Point(x: max(0, L.title.maxX - right.displayWidth - 1), y: L.title.y), style: theme.muted)

    let inner = Pane(title: "Items", focused: s.focus == .list, badge: s.list.selectedItem.map { _ in
        "\(s.list.cursor + 1)/\(s.list.visible.count)" }).render(in: L.list, on: &c)
    List(focused: s.focus == .list).render(in: inner, on: &c, state: s.list)

    let sideInner = Pane(title: s.focus == .form ? "Edit profile" : "Details", focused: s.focus == .form)
        .render(in: L.side, on: &c)
    if s.focus == .form {
        Form().render(in: sideInner, on: &c, state: s.form)
    } else if let item = s.list.selectedItem {
        for (i, line) in wrapText("Selected: \(item)", width: sideInner.width).enumerated() where i < sideInner.height {
            c.text(line, at: Point(x: sideInner.x, y: sideInner.y + i))
        }
        if sideInner.height > 8 {
            BigText(String(item.split(separator: " ").dropFirst().first ?? ""), style: .half)
                .render(in: Rect(x: sideInner.x, y: sideInner.maxY - 4, width: sideInner.width, height: 3), on: &c)
        }
    }
    if s.loading {
        Spinner(label: "loading in the background…").render(in: L.toast, on: &c, state: s.spinner)
    } else if let t = s.toast {
        t.render(in: L.toast, on: &c)
    }
    let bindings = (s.focus == .form ? s.form.keyBindings : s.list.keyBindings + globalKeys)
    HelpBar(bindings: bindings).render(in: L.help, on: &c)
    if s.showHelp {
        HelpOverlay(sections: [("List", s.list.keyBindings), ("Form", s.form.keyBindings), ("Global", globalKeys)])
            .render(in: c.bounds, on: &c)
        c.cursor = nil
    }
    return c
}

// MARK: - main

let args = CommandLine.arguments.dropFirst()
if args.contains("--bench-filter") {
    benchFilter()
    exit(0)
}

var initial = AppState()
let term = CursesTerminal()
initial.size = term.size
initial.list.pageSize = listPageSize(initial)
var startCommands: [Command<Msg, Never>] = [
    .every(0.1, id: "spinner", .spin),
    .task {
        // Background work: a Swift task whose result is drawn as soon as it arrives.
        try? await Task.sleep(nanoseconds: 300_000_000)
        return .loaded("Loaded 200 items in the background")
    },
]
if args.contains("--countdown") {
    initial.countdown = 600
    startCommands.append(.every(1, id: "countdown", .tick))
}
let runtime = Runtime<AppState, Msg, Never>(
    state: initial, commands: startCommands, update: update, view: view,
    input: { _, ev in .event(ev) })
do {
    let reason = try runtime.runBlocking(on: term)
    switch reason {
    case .quit: print("tuikit-example: bye")
    case .signal(let s): print("tuikit-example: signal \(s)"); exit(128 + s)
    }
} catch {
    FileHandle.standardError.write(Data("tuikit-example: \(error)\n".utf8))
    exit(1)
}
