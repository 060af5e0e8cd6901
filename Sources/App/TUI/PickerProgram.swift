import Core
import Foundation
import TUIKit
#if canImport(Glibc)
import Glibc
#endif

/// The picker over every session's roles (what `awsp` opens): state, keys and view. Rows come
/// from the cached account trees at once and from live listings of the logged-in sessions as
/// they arrive. Typing filters at once (every word, in any order, fuzzy); ↑/↓ move; Enter uses
/// the row (switch to its profile, or name a new profile first); Tab moves between the filter
/// and the list, where `c` opens the console, `x` copies the export lines and `q` quits; Esc
/// (or Ctrl-C) leaves without a choice.
struct PickerState {
    var rows: [PickerRow] = []
    var list = ListState(matchKind: .allWords)
    var trees: [String: PickerModel.Tree] = [:]
    var sessionOrder: [String] = []
    var history = PickerHistory()
    var doc: ConfigDocument
    var loading: Set<String> = []
    /// Keys go to the list (c, x, q) instead of the filter.
    var listFocused = false
    var editor: PickerEditor?
    var status: String?
    var result: PickerResult?

    init(doc: ConfigDocument, trees: [PickerModel.Tree], history: PickerHistory) {
        self.doc = doc
        self.history = history
        for t in trees { self.trees[t.session] = t; sessionOrder.append(t.session) }
        list.startFiltering()
        rebuild()
    }

    /// Rows and list items from the trees (keeps the filter and the selected row).
    mutating func rebuild() {
        rows = PickerModel.rows(trees: sessionOrder.compactMap { trees[$0] }, doc: doc, history: history)
        let w = PickerModel.widths(rows)
        list.setItems(rows.map { PickerModel.line($0, widths: w) })
        if list.filterMode != .filtering { list.startFiltering() }
    }

    var selectedRow: PickerRow? { list.selectedIndex.map { rows[$0] } }
}

struct PickerEditor {
    var row: PickerRow
    var name: TextFieldState
    var region: String?
    var error: String?
}

enum PickerResult: Equatable {
    case use(profile: String, region: String?)
}

enum PickerMsg: Sendable {
    case input(InputEvent)
    case treeLoaded(PickerModel.Tree)
    case treeFailed(session: String, message: String)
    case status(String)
    case saved(profile: String, region: String?, doc: ConfigDocument)
}

enum PickerEffect: Sendable {
    case load(session: String)
    case console(PickerRow)
    case export(PickerRow)
    case save(PickerRow, name: String, region: String?)
}

enum PickerUpdate {
    typealias Cmd = Command<PickerMsg, PickerEffect>

    static func update(_ s: inout PickerState, _ msg: PickerMsg) -> [Cmd] {
        switch msg {
        case .treeLoaded(let t):
            s.loading.remove(t.session)
            s.trees[t.session] = t
            if !s.sessionOrder.contains(t.session) { s.sessionOrder.append(t.session) }
            s.rebuild()
            return []
        case .treeFailed(let session, let m):
            s.loading.remove(session)
            s.status = "\(session): \(m) (showing the cached listing)"
            return []
        case .status(let m):
            s.status = m
            return []
        case .saved(let profile, let region, let doc):
            s.doc = doc
            s.result = .use(profile: profile, region: region)
            return [.quit]
        case .input(let ev):
            return input(&s, ev)
        }
    }

    static func input(_ s: inout PickerState, _ ev: InputEvent) -> [Cmd] {
        if case .key(.ctrl("c")) = ev { return [.quit] }
        if s.editor != nil { return editorInput(&s, ev) }
        switch ev {
        case .key(.escape): return [.quit]
        case .key(.tab), .key(.backTab):
            s.listFocused.toggle()
            return []
        case .key(.enter): return use(&s)
        default: break
        }
        if s.listFocused {
            guard case .key(let k) = ev else { return [] }
            switch k {
            case .up, .char("k"): s.list.move(by: -1)
            case .down, .char("j"): s.list.move(by: 1)
            case .pageUp: s.list.move(by: -max(1, s.list.pageSize))
            case .pageDown: s.list.move(by: max(1, s.list.pageSize))
            case .home, .char("g"): s.list.moveToTop()
            case .end, .char("G"): s.list.moveToBottom()
            case .char("q"): return [.quit]
            case .char("/"): s.listFocused = false
            case .char("c"):
                guard let r = s.selectedRow else { return [] }
                s.status = "Opening the AWS console for \(r.accountName ?? r.accountId) / \(r.role)…"
                return [.perform(.console(r))]
            case .char("x"):
                guard let r = s.selectedRow else { return [] }
                s.status = "Getting credentials for \(r.accountName ?? r.accountId) / \(r.role)…"
                return [.perform(.export(r))]
            default:
                s.status = "keys here: c console, x export lines, q quit, / or Tab back to the filter"
            }
            return []
        }
        s.list.handle(ev)
        if s.list.filterMode != .filtering { s.list.startFiltering() }
        return []
    }

    static func use(_ s: inout PickerState) -> [Cmd] {
        guard let r = s.selectedRow else { return [] }
        if let p = r.profile {
            s.result = .use(profile: p, region: r.profileRegion)
            return [.quit]
        }
        let name = PickerModel.defaultProfileName(for: r, rows: s.rows, doc: s.doc)
        let region = s.doc.ssoSession(named: r.session)?.region
        s.editor = PickerEditor(row: r, name: TextFieldState(name), region: region)
        return []
    }

    static func editorInput(_ s: inout PickerState, _ ev: InputEvent) -> [Cmd] {
        guard var e = s.editor else { return [] }
        switch ev {
        case .key(.escape):
            s.editor = nil
            return []
        case .key(.enter):
            let name = e.name.text.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { e.error = "give the profile a name"; s.editor = e; return [] }
            if s.doc.profile(named: name) != nil { e.error = "profile \(name) exists; choose another name"; s.editor = e; return [] }
            do { try ConfigDocument.validateName(name) } catch { e.error = "\(error)"; s.editor = e; return [] }
            e.error = nil
            s.editor = e
            return [.perform(.save(e.row, name: name, region: e.region))]
        default:
            _ = e.name.handle(ev)
            e.error = nil
            s.editor = e
            return []
        }
    }
}

enum PickerView {
    static func bindings(_ s: PickerState) -> [KeyBinding] {
        if s.editor != nil {
            return [KeyBinding([.enter], help: "save and switch"), KeyBinding([.escape], help: "back")]
        }
        if s.listFocused {
            return [KeyBinding([.enter], help: "use"), KeyBinding([.char("c")], help: "console"),
                    KeyBinding([.char("x")], help: "export lines"), KeyBinding([.tab], label: "Tab", help: "filter"),
                    KeyBinding([.char("q")], help: "quit")]
        }
        return [KeyBinding([.up, .down], label: "↑/↓", help: "move"), KeyBinding([.enter], help: "use"),
                KeyBinding([.tab], label: "Tab", help: "keys c console, x export"), KeyBinding([.escape], help: "quit")]
    }

    static func render(_ s: PickerState, _ size: Size) -> Canvas {
        var c = Canvas(width: size.width, height: size.height)
        var state = s
        render(&state, on: &c, size: size)
        return c
    }

    /// Draws (and sets the list's page size from the layout, as the TUI's lists do).
    static func render(_ s: inout PickerState, on c: inout Canvas, size: Size) {
        let theme = Theme.standard
        let all = Rect(size: size)
        guard all.width >= 20, all.height >= 6 else {
            c.text("window too small", at: Point(x: 0, y: 0), maxWidth: all.width, truncate: true)
            return
        }
        let sessions = s.sessionOrder.count
        var title = "Pick a role: \(s.rows.count) roles in \(sessions) session\(sessions == 1 ? "" : "s")"
        if !s.loading.isEmpty { title += " (refreshing \(s.loading.sorted().joined(separator: ", "))…)" }
        c.text(title, at: Point(x: 0, y: 0), style: theme.title, maxWidth: all.width, truncate: true)
        let body = Rect(x: 0, y: 1, width: all.width, height: all.height - 3)
        let inner = Pane(title: "session  account  id  role  profile", focused: true).render(in: body, on: &c)
        s.list.pageSize = List.contentHeight(for: inner, state: s.list)
        List(focused: true, emptyText: "no roles: log in (aws-sso-tui login) or run the TUI once to list them")
            .render(in: inner, on: &c, state: s.list)
        if let st = s.status {
            c.text(ConfigCLI.safe(st), at: Point(x: 0, y: all.height - 2), style: theme.muted, maxWidth: all.width, truncate: true)
        }
        HelpBar(bindings: bindings(s)).render(in: Rect(x: 0, y: all.height - 1, width: all.width, height: 1), on: &c)
        if let e = s.editor {
            let w = min(all.width - 2, 72), h = 8
            let box = Rect(x: (all.width - w) / 2, y: max(1, (all.height - h) / 2), width: w, height: h)
            c.fill(box, style: .plain)
            let bi = Pane(title: "New profile", focused: true).render(in: box, on: &c)
            c.text("\(e.row.accountName ?? e.row.accountId) (\(e.row.accountId)) / \(e.row.role), sso-session \(e.row.session)",
                   at: Point(x: bi.x, y: bi.y), maxWidth: bi.width, truncate: true)
            c.text("Name: ", at: Point(x: bi.x, y: bi.y + 2))
            TextField(focused: true).render(in: Rect(x: bi.x + 6, y: bi.y + 2, width: bi.width - 6, height: 1), on: &c, state: e.name)
            c.text("region = \(e.region ?? "(none)")", at: Point(x: bi.x, y: bi.y + 3), style: theme.muted, maxWidth: bi.width, truncate: true)
            if let err = e.error {
                c.text(err, at: Point(x: bi.x, y: bi.y + 5), style: theme.error, maxWidth: bi.width, truncate: true)
            }
        }
    }
}

/// Running the picker for `use` / `awsp`.
enum PickerCommandSupport {
    /// The cached trees of every sso-session (and which sessions are logged in, to list live).
    static func initialTrees(doc: ConfigDocument, environment: [String: String]) -> (trees: [PickerModel.Tree], live: [String]) {
        let cache = AccountTreeCache.default(environment: environment)
        let tokens = DiskTokenStore(cache: .default(home: ConfigCLI.home))
        var trees: [PickerModel.Tree] = []
        var live: [String] = []
        for s in doc.ssoSessions {
            guard let url = s.startURL, let region = s.region else { continue }
            if let snap = cache.load(session: s.name, startURL: url) {
                trees.append(PickerModel.Tree(session: s.name, accounts: snap.accounts, roles: snap.roles))
            } else {
                trees.append(PickerModel.Tree(session: s.name, accounts: [], roles: [:]))
            }
            if let t = tokens.token(for: SessionRef(name: s.name, startURL: url, region: region)), !t.isExpired(at: Date()) {
                live.append(s.name)
            }
        }
        return (trees, live)
    }

    /// Performs the picker's effects.
    static func perform(global: GlobalOptions, environment: [String: String]) -> Runtime<PickerState, PickerMsg, PickerEffect>.Perform {
        { effect, d in
            switch effect {
            case .load(let session):
                do {
                    let ctx = try SSOContext.resolve(global: global, session: session, profile: nil)
                    let token = try await ctx.accessToken()
                    let tree = try await AccountTreeLoader(portal: ctx.portal, accessToken: token).collect()
                    var roles: [String: [String]] = [:]
                    for r in tree.roles { roles[r.accountId, default: []].append(r.roleName) }
                    if tree.failures.isEmpty {
                        try? AccountTreeCache.default(environment: environment).save(
                            .init(session: session, startURL: ctx.session.startURL, savedAt: Date(), accounts: tree.accounts, roles: roles))
                    }
                    d.send(.treeLoaded(PickerModel.Tree(session: session, accounts: tree.accounts, roles: roles)))
                } catch let e as CLIError {
                    d.send(.treeFailed(session: session, message: e.message))
                } catch {
                    d.send(.treeFailed(session: session, message: "\(error)"))
                }
            case .console(let r), .export(let r):
                do {
                    let ctx = try SSOContext.resolve(global: global, session: r.session, profile: nil)
                    let creds = try await ProfileCredentials.fetch(ctx, accountId: r.accountId, role: r.role)
                    if case .export = effect {
                        let ok = Clipboard.copy(CredentialFormat.env.render(creds).split(separator: "\n").joined(separator: " "))
                        d.send(.status(ok ? "Copied the export lines for \(r.accountName ?? r.accountId) / \(r.role) (OSC 52)"
                                          : "could not write to the terminal's clipboard"))
                        return
                    }
                    let region = r.profileRegion ?? ctx.session.region
                    guard let fed = ctx.resolver.federationURL(region: region) else {
                        d.send(.status("this partition has no public console sign-in")); return
                    }
                    let dest = ctx.resolver.consoleURL(region: region) ?? "https://console.aws.amazon.com/"
                    let url = try await ConsoleSignIn(transport: ctx.transport, federationURL: fed)
                        .signInURL(credentials: creds, destination: dest, issuer: ctx.session.startURL, sessionDuration: nil,
                                   timeout: SSOContext.timeout)
                    if Browser.open(url) {
                        d.send(.status("Opened the AWS console for \(r.accountName ?? r.accountId) / \(r.role)"))
                    } else {
                        d.send(.status(Clipboard.copy(url) ? "No browser: the sign-in link is on the clipboard (OSC 52)" : "no browser to open"))
                    }
                } catch let e as CLIError {
                    d.send(.status(e.message))
                } catch {
                    d.send(.status("\(error)"))
                }
            case .save(let r, let name, let region):
                do {
                    let result = try ConfigCLI.run {
                        try ConfigCLI.store(global).update { doc in
                            try doc.upsertProfile(ProfileConfig(name: name, ssoSession: r.session, ssoAccountId: r.accountId,
                                                                ssoRoleName: r.role, region: region, output: nil))
                        }
                    }
                    d.send(.saved(profile: name, region: region, doc: result.document))
                } catch let e as CLIError {
                    d.send(.status(e.message))
                } catch {
                    d.send(.status("\(error)"))
                }
            }
        }
    }

    static func makeRuntime(global: GlobalOptions, doc: ConfigDocument, environment: [String: String]) -> Runtime<PickerState, PickerMsg, PickerEffect> {
        let (trees, live) = initialTrees(doc: doc, environment: environment)
        let cache = AccountTreeCache.default(environment: environment)
        var state = PickerState(doc: doc, trees: trees, history: PickerHistory.load(cache: cache))
        state.loading = Set(live)
        return Runtime(state: state, commands: live.map { .perform(.load(session: $0)) },
                       update: PickerUpdate.update, view: PickerView.render,
                       input: { _, ev in .input(ev) },
                       perform: perform(global: global, environment: environment))
    }

    /// Runs the picker drawing on /dev/tty (stdout may be captured by `$(...)`); the shell code
    /// for the chosen row, or nil when it was left without a choice.
    static func pickForShell(global: GlobalOptions, doc: ConfigDocument, shell: ShellKind, login: AutoLoginOptions) async throws -> String? {
        let env = ProcessInfo.processInfo.environment
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { throw CLIError.usage("the picker needs a terminal; give a profile name: aws-sso-tui use NAME --shell \(shell.rawValue)") }
        // The screen goes to the terminal; the code goes to the saved stdout afterwards.
        let savedIn = dup(0), savedOut = dup(1)
        dup2(tty, 0); dup2(tty, 1); close(tty)
        defer { dup2(savedIn, 0); dup2(savedOut, 1); close(savedIn); close(savedOut) }
        let rt = makeRuntime(global: global, doc: doc, environment: env)
        let reason = try await rt.run(on: CursesTerminal())
        if case .signal(let s) = reason { throw CLIError(message: "", exitCode: 128 + s) }
        guard case .use(let profile, let region)? = rt.state.result else { return nil }
        if let row = rt.state.rows.first(where: { $0.profile == profile }) ?? rt.state.editor?.row {
            PickerHistory.record(row, at: Date(), cache: AccountTreeCache.default(environment: env))
        }
        return ShellCode.use(profile: profile, region: region, shell: shell)
    }
}
