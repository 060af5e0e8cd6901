import Core
import Foundation
import TUIKit

/// `view(state, size) -> Canvas`: a pure function of the state.
enum TUIView {
    static let minSize = Size(width: 40, height: 10)

    static func render(_ s: TUIState, _ size: Size) -> Canvas {
        var c = Canvas(size: size)
        let t = s.theme
        if size.width < minSize.width || size.height < minSize.height {
            let lines = ["Window too small", "need \(minSize.width)x\(minSize.height), have \(size.width)x\(size.height)", "q quits"]
            for (i, l) in lines.enumerated() {
                let y = max(0, size.height / 2 - 1) + i
                let x = max(0, (size.width - l.displayWidth) / 2)
                c.text(l, at: Point(x: x, y: y), style: i == 0 ? t.warning.adding(.bold) : t.muted, maxWidth: size.width, truncate: true)
            }
            return c
        }
        let full = Rect(size: size)
        // Header
        let title: String = {
            switch s.ui.screen {
            case .sessionForm: return s.ui.firstRun ? "Welcome: add your IAM Identity Center session" : "New sso-session"
            case .main: return UIText.safe(s.ui.configPath)
            case .login: return "Log in"
            case .editor: return s.ui.editor?.existingName == nil ? "New profile" : "Edit profile"
            case .profiles: return "Profiles"
            case .populate: return "Populate profiles"
            }
        }()
        let hx = c.text(" aws-sso-tui ", at: Point(x: 0, y: 0), style: t.accent.adding(.reverse))
        let typing = s.ui.screen == .sessionForm || s.ui.screen == .editor || s.ui.screen == .populate
        let right = typing ? "Ctrl-C quit " : "? help  q quit "
        // The status line: the token that expires first, of all logged-in sessions.
        var expiry: (String, Style)?
        if let (n, e) = s.ui.soonestExpiry {
            let left = e.timeIntervalSince(s.ui.now)
            let many = s.ui.sessions.filter { ($0.tokenExpiresAt ?? .distantPast) > s.ui.now }.count > 1
            let text = (many ? "next expiry: " : "token: ") + "\(UIText.safe(n)) \(UIText.timeLeft(left))  "
            expiry = (text, left <= UIReducer.warnBefore ? t.warning.adding(.bold) : t.muted)
        }
        let badge = DoctorView.badge(s)
        var rightW = right.displayWidth + (badge?.displayWidth ?? 0)
        if let (e, _) = expiry, hx + min(title.displayWidth, 20) + rightW + e.displayWidth + 3 < size.width { rightW += e.displayWidth } else { expiry = nil }
        c.text(" " + title, at: Point(x: hx, y: 0), style: t.title, maxWidth: max(0, size.width - hx - 1 - rightW - 1), truncate: true)
        if hx + min(title.displayWidth, 20) + rightW + 3 < size.width {
            let bx = c.text(badge ?? "", at: Point(x: size.width - rightW, y: 0), style: t.error)
            let rx = c.text(expiry?.0 ?? "", at: Point(x: size.width - rightW + bx, y: 0), style: expiry?.1 ?? t.muted)
            c.text(right, at: Point(x: size.width - rightW + bx + rx, y: 0), style: t.muted)
        }
        let body = Self.body(size)
        switch s.ui.screen {
        case .sessionForm: sessionForm(s, body, &c)
        case .main: main(s, body, &c)
        case .login: login(s, body, &c)
        case .editor: editor(s, body, &c)
        case .profiles: profiles(s, body, &c)
        case .populate: populate(s, body, &c)
        }
        // Message line
        let msgRow = Rect(x: 0, y: size.height - 2, width: size.width, height: 1)
        if let m = s.ui.message {
            let level: Toast.Level = m.level == .error ? .error : m.level == .warning ? .warning : m.level == .success ? .success : .info
            Toast(UIText.safe(TUIKeymap.text(m)), level: level, theme: t).render(in: msgRow, on: &c)
        } else if s.ui.isLoading {
            Spinner(label: loadingLabel(s), theme: t).render(in: msgRow, on: &c, state: s.spinner)
        }
        // Key hints of what has focus
        HelpBar(bindings: TUIKeymap.bar(s), theme: t)
            .render(in: Rect(x: 1, y: size.height - 1, width: size.width - 2, height: 1), on: &c)
        // Overlays
        if let q = s.ui.confirm {
            let (title, msg, yes): (String, String, String) = {
                switch q {
                case .overwriteProfile(let d):
                    return ("Overwrite profile?", "A profile named \(UIText.safe(d.name)) already exists. Replace it with this account and role?", "Overwrite")
                case .deleteProfile(let n):
                    return ("Delete profile?", "Delete profile \(UIText.safe(n)) from \(UIText.safe(s.ui.configPath))?", "Delete")
                case .logout(let n):
                    return ("Log out of \(UIText.safe(n))?",
                            "Sign out at the portal and delete the cached token of \(UIText.safe(n)) (the AWS CLI shares it)?", "Log out")
                case .makeDefault(let n):
                    return ("Make \(UIText.safe(n)) the default profile?",
                            "[default] gets the SSO and region/output settings of \(UIText.safe(n)); its other keys stay.", "Make default")
                }
            }()
            ConfirmDialog(title: title, message: msg, yesLabel: yes, noLabel: "Keep", theme: t)
                .render(in: body, on: &c, state: DialogState())
        }
        DoctorView.render(s, in: full, &c)
        if s.showHelp {
            // Between the title line and the status lines (it scrolls; it never covers them).
            helpOverlay(s).render(in: body, on: &c)
        }
        return c
    }

    static func helpOverlay(_ s: TUIState) -> HelpOverlay {
        HelpOverlay(sections: TUIKeymap.helpSections(s), title: "Keys", theme: s.theme, scroll: s.helpScroll)
    }

    static func helpMaxScroll(_ s: TUIState) -> Int { helpOverlay(s).maxScroll(in: body(s.size)) }

    static func loadingLabel(_ s: TUIState) -> String {
        if s.ui.screen == .login { return "Contacting IAM Identity Center…" }
        guard let n = s.ui.selectedSession, let l = s.ui.listings[n] else { return "Loading…" }
        let withRoles = l.roles.count
        if l.fromCache, let at = l.cachedAt {
            return "Refreshing \(n); showing the list saved \(UIText.timeLeft(s.ui.now.timeIntervalSince(at))) ago"
        }
        if !l.accountsComplete { return "Loading accounts of \(n)… \(l.accounts.count) so far" }
        return "Loading roles… \(withRoles)/\(l.accounts.count) accounts"
    }

    // MARK: - Main screen

    static func body(_ size: Size) -> Rect { Rect(size: size).inset(top: 1, bottom: 2) }

    /// Where the panes of the main screen go (nil: not shown at this width). The view draws
    /// there and `setPageSizes` sizes the lists' pages from it.
    static func paneRects(_ s: TUIState, _ body: Rect) -> [UIPane: Rect] {
        let n = max(1, s.ui.sessions.count)
        if body.width >= 100 {
            let cols = Layout(.horizontal, [.percentage(22), .percentage(43), .fill(1)]).split(body)
            // Sessions: as tall as its rows and the selected session's start URL and region.
            let sh = min(body.height, n + 2 + 3)
            return [.sessions: Rect(x: cols[0].x, y: cols[0].y, width: cols[0].width, height: sh),
                    .accounts: cols[1], .roles: cols[2]]
        } else if body.width >= 60 {
            // Stacked: a short Sessions pane on top, Accounts and Roles side by side below.
            let sh = min(max(3, n + 2), max(3, body.height / 4))
            let rows = Layout(.vertical, [.length(sh), .fill(1)]).split(body)
            let cols = Layout(.horizontal, [.percentage(58), .fill(1)]).split(rows[1])
            return [.sessions: rows[0], .accounts: cols[0], .roles: cols[1]]
        }
        // Narrow: only the focused pane, full size.
        return [s.ui.focus: body]
    }

    /// The list area inside a pane.
    static func listArea(_ pane: Rect) -> Rect { pane.inset(top: 1, left: 1, bottom: 1, right: 1) }

    /// Page sizes from the rows each list shows (PgUp/PgDn move by them; the view scrolls when
    /// the cursor leaves them).
    static func setPageSizes(_ s: inout TUIState) {
        let b = body(s.size)
        let rects = paneRects(s, b)
        func page(_ r: Rect?, _ l: ListState, header: Bool = false) -> Int {
            guard let r else { return 10 }
            return max(1, List.contentHeight(for: sessionsArea(s, listArea(r), l), state: l) - (header ? 1 : 0))
        }
        s.sessionsList.pageSize = page(rects[.sessions], s.sessionsList)
        s.accountsList.pageSize = page(rects[.accounts], s.accountsList)
        s.rolesList.pageSize = page(rects[.roles], s.rolesList)
        s.profilesList.pageSize = max(1, List.contentHeight(for: profilesListRect(s, b), state: s.profilesList) - 1)
        s.populatePage = populateRows(s, b)
        s.populateList.pageSize = s.populatePage
    }

    /// The Sessions list leaves its last rows to the selected session's details.
    static func sessionsArea(_ s: TUIState, _ inner: Rect, _ l: ListState) -> Rect {
        guard l == s.sessionsList, inner.height >= s.ui.sessions.count + 3 + (l.filterMode == .unfiltered ? 0 : 1) else { return inner }
        return inner.inset(bottom: 3)
    }

    static func main(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let ui = s.ui
        let acctTitle: String = {
            guard let l = ui.currentListing else { return "Accounts" }
            if case .failed = l.status { return "Accounts (\(l.accounts.count))" }
            return "Accounts (\(l.accounts.count)\(l.accountsComplete ? "" : "…"))"
        }()
        let rolesTitle: String = {
            guard let id = ui.selectedAccount, let a = ui.currentListing?.account(id) else { return "Roles" }
            return "Roles · " + UIText.safe(a.accountName ?? a.accountId)
        }()
        let rects = paneRects(s, body)
        if let r = rects[.sessions] { sessionsPane(s, r, &c) }
        if let r = rects[.accounts] { accountsPane(s, r, acctTitle, &c) }
        if let r = rects[.roles] { rolesPane(s, r, rolesTitle, &c) }
    }

    static func sessionsPane(_ s: TUIState, _ r: Rect, _ c: inout Canvas) {
        let focused = s.ui.focus == .sessions
        let t = s.theme
        let inner = Pane(title: "Sessions", focused: focused, badge: "\(s.ui.sessions.count)", theme: t).render(in: r, on: &c)
        let area = sessionsArea(s, inner.inset(left: 0), s.sessionsList)
        func stateCells(short: Bool) -> [(String, Style)] {
            s.ui.sessions.map { sess in
                if let e = sess.tokenExpiresAt, e > s.ui.now { return ("● " + UIText.timeLeft(e.timeIntervalSince(s.ui.now)), t.success) }
                if sess.isLoggedIn(at: s.ui.now) { return ("● refresh", t.warning) }
                return (short ? "○ out" : "○ logged out", t.muted)
            }
        }
        let nameW = s.ui.sessions.map { UIText.safe($0.name).displayWidth }.max() ?? 0
        var statuses = stateCells(short: false)
        // A shorter form of the state when the names would be cut for it.
        if nameW + 2 + (statuses.map { $0.0.displayWidth }.max() ?? 0) > area.width { statuses = stateCells(short: true) }
        let statW = statuses.map { $0.0.displayWidth }.max() ?? 0
        var cols = [ListColumn(width: nameW, minWidth: min(nameW, 16), shrinkOrder: 0), ListColumn(width: statW, minWidth: 8, shrinkOrder: 1)]
        // No room for the details under the list (the stacked layout): region and start URL as
        // columns, when they fit.
        let details = area.height < inner.height
        let regionW = s.ui.sessions.map { UIText.safe($0.region).displayWidth }.max() ?? 0
        var urls = s.ui.sessions.map { UIText.safe($0.startURL) }
        if !details {
            // The whole start URL when it fits, else its host (the part that names the portal).
            if nameW + statW + regionW + (urls.map(\.displayWidth).max() ?? 0) + 6 > area.width {
                urls = s.ui.sessions.map { UIText.safe(URL(string: $0.startURL)?.host ?? $0.startURL) }
            }
            cols.append(ListColumn(width: regionW, minWidth: 9, shrinkOrder: -1, dropOrder: 2, truncation: .end))
            cols.append(ListColumn(width: urls.map(\.displayWidth).max() ?? 0, minWidth: 16, shrinkOrder: -2, dropOrder: 1))
        }
        List(focused: focused, theme: t, emptyText: "no sso-session · n adds one")
            .render(in: area, on: &c, state: s.sessionsList, columns: cols) { i in
                let sess = s.ui.sessions[i]
                return [Span(UIText.safe(sess.name)), Span(statuses[i].0, statuses[i].1),
                        Span(UIText.safe(sess.region), t.muted), Span(urls[i], t.muted)]
            }
        // The selected session's start URL and region, under the list.
        if details, let sess = s.ui.currentSession {
            let y = area.maxY + 1
            c.text(UIText.safe(sess.startURL).truncatedMiddle(toWidth: inner.width), at: Point(x: inner.x, y: y), style: t.muted)
            c.text("region \(UIText.safe(sess.region))".truncated(toWidth: inner.width), at: Point(x: inner.x, y: y + 1), style: t.muted)
        }
    }

    static func accountsPane(_ s: TUIState, _ r: Rect, _ title: String, _ c: inout Canvas) {
        let focused = s.ui.focus == .accounts
        let loading = s.ui.currentListing?.status == .loading
        let badge = loading ? Spinner.dots[((s.spinner.frame % 10) + 10) % 10] : nil
        let inner = Pane(title: title, focused: focused, badge: badge, theme: s.theme).render(in: r, on: &c)
        let empty: String = {
            guard let sess = s.ui.currentSession else { return "" }
            if let l = s.ui.currentListing {
                if case .failed(let m) = l.status { return "failed: \(UIText.safe(m)) · \(TUIKeymap.key(for: .reload)) retries" }
                return l.status == .loading ? "loading…" : "no accounts"
            }
            return sess.isLoggedIn(at: s.ui.now) ? "Enter on the session loads its accounts" : "not logged in · Enter on the session logs in"
        }()
        let accounts = s.ui.accounts
        let w = s.accountWidths
        // The name matters most: the e-mail goes first, then the id, before the name is shortened.
        let cols = [ListColumn(width: w[0], minWidth: min(w[0], 24), shrinkOrder: 1),
                    ListColumn(width: w[1], minWidth: 12, shrinkOrder: 2, dropOrder: 2, truncation: .end),
                    ListColumn(width: w[2], minWidth: min(w[2], 20), shrinkOrder: 0, dropOrder: 1)]
        List(focused: focused, theme: s.theme, emptyText: empty)
            .render(in: inner, on: &c, state: s.accountsList, columns: w[2] == 0 ? Array(cols.prefix(2)) : cols) { i in
                let a = accounts[i]
                return [Span(UIText.safe(a.accountName ?? a.accountId)), Span(a.accountId, s.theme.muted),
                        Span(UIText.safe(a.emailAddress ?? ""), s.theme.muted)]
            }
    }

    static func rolesPane(_ s: TUIState, _ r: Rect, _ title: String, _ c: inout Canvas) {
        let focused = s.ui.focus == .roles
        let inner = Pane(title: title, focused: focused, badge: s.ui.roles.map { "\($0.count)" }, theme: s.theme).render(in: r, on: &c)
        let empty: String = {
            guard let a = s.ui.selectedAccount else { return "" }
            if let e = s.ui.currentListing?.roleErrors[a] { return "failed: \(UIText.safe(e))" }
            if s.ui.roles == nil { return s.ui.currentListing?.status == .loading ? "loading roles…" : "" }
            return "no roles"
        }()
        let session = s.ui.selectedSession ?? ""
        let acct = s.ui.selectedAccount ?? ""
        let profiles = s.roleNames.map { s.ui.profileName(session: session, accountId: acct, role: $0).map { "→ " + UIText.safe($0) } ?? "" }
        let roleW = s.roleNames.map { UIText.safe($0).displayWidth }.max() ?? 0
        let profW = profiles.map(\.displayWidth).max() ?? 0
        // The role name is shortened first; the profile name only when even that is not enough.
        let cols = [ListColumn(width: roleW, minWidth: 8, shrinkOrder: 0), ListColumn(width: profW, minWidth: min(profW, 12), shrinkOrder: 1, dropOrder: 1)]
        List(focused: focused, theme: s.theme, emptyText: empty)
            .render(in: inner, on: &c, state: s.rolesList, columns: profW == 0 ? [cols[0]] : cols) { i in
                [Span(UIText.safe(s.roleNames[i])), Span(profiles[i], s.theme.success)]
            }
    }

    // MARK: - Login

    static func login(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let l = s.ui.login else { return }
        let sess = s.ui.sessions.first { $0.name == l.session }
        let inner = Pane(title: "Log in · \(UIText.safe(l.session))", focused: true, theme: t).render(in: body, on: &c)
        var y = inner.y
        let x = inner.x + 1
        let w = inner.width - 2
        func line(_ text: String, _ style: Style = t.text, indent: Int = 0) {
            guard y < inner.maxY else { return }
            for part in wrapText(text, width: max(1, w - indent)) {
                guard y < inner.maxY else { return }
                c.text(part, at: Point(x: x + indent, y: y), style: style, maxWidth: w - indent)
                y += 1
            }
        }
        if let u = sess?.startURL { line("Start URL: \(UIText.safe(u))   region \(sess?.region ?? "")", t.muted) }
        if let r = l.reason { line(r, t.warning) }
        let methodLine = l.method == .pkce
            ? "Authorization code flow (PKCE): needs a browser on this machine · p switches to the device code"
            : "Device code flow (works over SSH) · p switches to the authorization code flow (PKCE)"
        y += 1
        switch l.phase {
        case .starting:
            Spinner(label: l.method == .pkce ? "Starting the authorization code login…" : "Starting the device login…", theme: t)
                .render(in: Rect(x: x, y: y, width: w, height: 1), on: &c, state: s.spinner)
            y += 2
            line(methodLine, t.muted)
        case .waitingBrowser(let url, let callback, _):
            line("The browser was opened to sign in. If it did not open, open this URL in a browser on this machine:")
            var rest = Substring(UIText.safe(url))
            while !rest.isEmpty && y < inner.maxY {
                let piece = String(rest.prefix(max(1, w - 2)))
                rest = rest.dropFirst(piece.count)
                c.text(piece, at: Point(x: x + 2, y: y), style: t.accent.adding(.underline))
                y += 1
            }
            y += 1
            line("Waiting for the browser to come back to \(callback) (listening on 127.0.0.1 only).", t.muted)
            let left = l.remaining(at: s.ui.now) ?? 0
            line("Gives up in \(UIText.countdown(left)) · o opens the browser again · c copies the URL", left < 60 ? t.warning : t.muted)
            y += 1
            line(methodLine, t.muted)
        case .failed(let m):
            line("Login failed: \(UIText.safe(m))", t.error)
            y += 1
            line("r or Enter tries again · Esc goes back", t.muted)
            line(methodLine, t.muted)
        case .waiting(let a, _):
            let url = UIText.safe(a.verificationUriComplete)
            // A QR code to the right when there is room for it and the text.
            let qr = QRCode(a.verificationUriComplete)
            let textW = max(url.displayWidth + 4, 56)
            // Beside the text, below the lines above it (start URL, reason), and only where it
            // covers no text; otherwise the screen says a larger window shows one.
            var qrRect: Rect?
            var qrHint = false
            if let q = qr {
                let top = y
                if inner.width >= textW + q.size.width + 3, inner.maxY - top >= q.size.height {
                    qrRect = Rect(x: min(inner.maxX - q.size.width - 1, x + textW + 4), y: top,
                                  width: q.size.width, height: q.size.height)
                } else {
                    qrHint = true
                }
            }
            let tw = qrRect.map { $0.x - x - 2 } ?? w
            func tline(_ text: String, _ style: Style = t.text, indent: Int = 0) {
                guard y < inner.maxY else { return }
                // URLs are never wrapped at spaces; they are cut into lines of the available width.
                var rest = Substring(text)
                repeat {
                    guard y < inner.maxY else { return }
                    var piece = "", pw = 0
                    while let ch = rest.first, pw + DisplayWidth.of(ch) <= max(1, tw - indent) {
                        piece.append(ch); pw += DisplayWidth.of(ch); rest = rest.dropFirst()
                    }
                    if piece.isEmpty, let ch = rest.first { piece.append(ch); rest = rest.dropFirst() }
                    c.text(piece, at: Point(x: x + indent, y: y), style: style)
                    y += 1
                } while !rest.isEmpty
            }
            tline("Open this URL in a browser (the code is already in it):")
            tline(url, t.accent.adding(.underline), indent: 2)
            y += 1
            tline("Check that the page shows this code, then approve:")
            let big = BigText(a.userCode, style: .full, textStyle: t.accent)
            let bs = big.size(style: .full)
            let remainingRows = inner.maxY - y
            if bs.width <= tw - 2 && remainingRows >= bs.height + 4 {
                big.render(in: Rect(x: x + 2, y: y, width: bs.width, height: bs.height), on: &c)
                y += bs.height
            } else if BigText.size(of: a.userCode, style: .half).width <= tw - 2 && remainingRows >= 7 {
                let hs = BigText.size(of: a.userCode, style: .half)
                BigText(a.userCode, style: .half, textStyle: t.accent).render(in: Rect(x: x + 2, y: y, width: hs.width, height: hs.height), on: &c)
                y += hs.height
            }
            tline("Code: \(a.userCode)", t.title, indent: 2)
            y += 1
            let left = l.remaining(at: s.ui.now) ?? 0
            tline("Expires in \(UIText.countdown(left)) · waiting for approval in the browser", left < 60 ? t.warning : t.muted)
            if a.verificationUri != a.verificationUriComplete {
                tline("Or open \(UIText.safe(a.verificationUri)) and type the code.", t.muted)
            }
            y += 1
            for part in wrapText(methodLine, width: max(1, tw)) { tline(part, t.muted) }
            if qrHint { tline("A larger window shows a QR code of the URL.", t.muted) }
            if let q = qr, let r = qrRect { q.render(in: r, on: &c) }
        }
    }

    // MARK: - Forms

    static func sessionForm(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let f = s.sessionForm else { return }
        let intro = s.ui.firstRun
            ? "No sso-session in \(UIText.safe(s.ui.configPath)) yet. It is saved as an [sso-session] section, exactly as `aws configure sso` writes it."
            : "Saved as an [sso-session] section in \(UIText.safe(s.ui.configPath))."
        let boxW = min(body.width, 90)
        let introLines = Array(wrapText(intro, width: boxW - 4).prefix(3))
        // Sized to its content: intro, a blank line, the fields, the hint and error lines.
        let hint: Bool = { if case .success(let u) = UIValidation.normalizeStartURL(f.fields[1].value), u != f.fields[1].value { return true }; return false }()
        let extra = (hint ? 1 : 0) + (s.ui.sessionFormError != nil ? 1 : 0)
        let box = dialogBox(body, width: boxW, contentHeight: introLines.count + 1 + Form.height(for: f) + (extra > 0 ? extra + 1 : 0))
        let inner = Pane(title: s.ui.firstRun ? "First run: an sso-session" : "New sso-session", focused: true, theme: t).render(in: box, on: &c)
        var y = inner.y
        for l in introLines {
            c.text(l, at: Point(x: inner.x + 1, y: y), style: t.muted); y += 1
        }
        y += 1
        let formRect = Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, min(Form.height(for: f), inner.maxY - y)))
        var after = y + Form.height(for: f) + 1
        // Hint: what a bare portal name expands to.
        if case .success(let u) = UIValidation.normalizeStartURL(f.fields[1].value), u != f.fields[1].value, after < inner.maxY {
            c.text("Start URL will be \(UIText.safe(u))", at: Point(x: inner.x + 1, y: after), style: t.muted, maxWidth: inner.width - 2, truncate: true)
            after += 1
        }
        if let e = s.ui.sessionFormError, after < inner.maxY {
            c.text(UIText.safe(e), at: Point(x: inner.x + 1, y: after), style: t.error, maxWidth: inner.width - 2, truncate: true)
        }
        Form(focused: true, theme: t).render(in: formRect, on: &c, state: f)
    }

    /// A dialog box `width` wide and as tall as its content (plus the border), centred
    /// horizontally near the top of `body`; never taller than `body`.
    static func dialogBox(_ body: Rect, width: Int, contentHeight: Int) -> Rect {
        let h = min(body.height, contentHeight + 2)
        let x = body.x + max(0, (body.width - width) / 2)
        let y = body.y + max(0, min((body.height - h) / 3, 2))
        return Rect(x: x, y: y, width: width, height: h)
    }

    static func editor(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let f = s.editorForm, let e = s.ui.editor else { return }
        // Sized to its content: session/account/role, a blank line, the fields, two message lines.
        let taken = f.fields[0].value != e.existingName && s.ui.profiles.contains(where: { $0.name == f.fields[0].value })
        let extra = (taken ? 1 : 0) + (s.ui.editorError != nil ? 1 : 0)
        let box = dialogBox(body, width: min(body.width, 90), contentHeight: 3 + 1 + Form.height(for: f) + (extra > 0 ? extra + 1 : 0))
        let inner = Pane(title: e.existingName == nil ? "New profile" : "Edit profile \(UIText.safe(e.existingName!))",
                         focused: true, theme: t).render(in: box, on: &c)
        var y = inner.y
        let info: [(String, String)] = [
            ("Session", e.session),
            ("Account", (e.accountName.map { "\($0) " } ?? "") + "(\(e.accountId))"),
            ("Role", e.role),
        ]
        for (k, v) in info where y < inner.maxY {
            let w = c.text(k.padded(toWidth: 8) + " ", at: Point(x: inner.x + 1, y: y), style: t.muted)
            c.text(UIText.safe(v), at: Point(x: inner.x + 1 + w, y: y), style: t.text, maxWidth: inner.width - 2 - w, truncate: true)
            y += 1
        }
        y += 1
        let formRect = Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, min(Form.height(for: f), inner.maxY - y)))
        var after = y + Form.height(for: f) + 1
        let name = f.fields[0].value
        if name != e.existingName, s.ui.profiles.contains(where: { $0.name == name }), after < inner.maxY {
            c.text("A profile named \(UIText.safe(name)) exists: saving asks before overwriting it",
                   at: Point(x: inner.x + 1, y: after), style: t.warning, maxWidth: inner.width - 2, truncate: true)
            after += 1
        }
        if let err = s.ui.editorError, after < inner.maxY {
            c.text(UIText.safe(err), at: Point(x: inner.x + 1, y: after), style: t.error, maxWidth: inner.width - 2, truncate: true)
        }
        Form(focused: s.ui.confirm == nil, theme: t).render(in: formRect, on: &c, state: f)
    }

    // MARK: - Populate

    static func populateIntro(_ w: Int) -> [String] {
        Array(wrapText("One profile per account and role, named from the template ({account_name}, {account_id}, {role_name}, "
                       + "{session}), marked \(ProfileNaming.generatedKey) = true. Hand-made profiles are never touched; "
                       + "a role that has one keeps it.", width: w).prefix(2))
    }

    /// Rows of the populate preview shown (PgUp/PgDn move by them).
    static func populateRows(_ s: TUIState, _ body: Rect) -> Int {
        guard let f = s.populateForm else { return 10 }
        let inner = body.inset(by: 1)
        let y = inner.y + populateIntro(inner.width - 2).count + 1 + Form.height(for: f) + 1 + 1
        return max(1, inner.maxY - y)
    }

    static func populate(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let p = s.ui.populate, let f = s.populateForm else { return }
        let inner = Pane(title: "Populate · \(UIText.safe(p.scopeLabel))", focused: true, theme: t).render(in: body, on: &c)
        guard !inner.isEmpty else { return }
        var y = inner.y
        let x = inner.x + 1, w = inner.width - 2
        for l in populateIntro(w) {
            c.text(l, at: Point(x: x, y: y), style: t.muted); y += 1
        }
        y += 1
        let fh = Form.height(for: f)
        let formRect = Rect(x: x, y: y, width: min(w, 80), height: max(0, min(fh, inner.maxY - y)))
        y += fh + 1
        // Summary, then one row per change.
        if y < inner.maxY {
            if let e = p.error {
                c.text(UIText.safe(e), at: Point(x: x, y: y), style: t.error, maxWidth: w, truncate: true)
            } else if let pv = p.preview {
                let stale = pv.generation != p.generation
                let text = (pv.changes == 0 ? "Nothing to change: " : "Preview: ") + pv.summary + (stale ? " …" : "")
                c.text(text, at: Point(x: x, y: y), style: pv.changes == 0 ? t.success : t.title, maxWidth: w, truncate: true)
            } else {
                c.text("Planning…", at: Point(x: x, y: y), style: t.muted)
            }
            y += 1
        }
        if p.error == nil, let pv = p.preview, y < inner.maxY {
            let rowsRect = Rect(x: x, y: y, width: w, height: inner.maxY - y)
            let marks: [(String, Style)] = pv.rows.map { r in
                switch r.kind {
                case .add: return ("+", t.success)
                case .update: return ("~", t.warning)
                case .remove: return ("-", t.error)
                case .stale: return ("?", t.muted)
                case .kept: return ("=", t.muted)
                }
            }
            let whats: [String] = pv.rows.map { r in
                var what = "\(UIText.safe(r.accountName ?? r.accountId)) (\(r.accountId)) / \(UIText.safe(r.role))"
                switch r.kind {
                case .update: what += " · region/output change"
                case .remove: what += " · gone: removed"
                case .stale: what += " · gone: kept (Prune: yes removes it)"
                case .kept: what += " · has this hand-made profile: kept"
                case .add: break
                }
                return what
            }
            let nameW = pv.rows.map { UIText.safe($0.name).displayWidth }.max() ?? 0
            let cols = [ListColumn(width: 1, minWidth: 1), ListColumn(width: nameW + 1, minWidth: min(nameW + 1, 24), shrinkOrder: 1),
                        ListColumn(width: whats.map(\.displayWidth).max() ?? 0, minWidth: 10, shrinkOrder: 0, truncation: .end)]
            var preview = List(focused: false, theme: t, showsScrollIndicator: false)
            preview.showsSelection = false
            preview.render(in: rowsRect, on: &c, state: s.populateList, columns: cols, filterColumn: 1, gap: 1) { i in
                    [Span(marks[i].0, marks[i].1), Span(UIText.safe(pv.rows[i].name)), Span(whats[i], t.muted)]
                }
            let top = s.populateList.scrollOffset(height: rowsRect.height)
            if pv.rows.count > rowsRect.height, rowsRect.height > 0 {
                let more = " \(top + 1)-\(min(pv.rows.count, top + rowsRect.height)) of \(pv.rows.count) · PgUp/PgDn "
                c.text(more, at: Point(x: inner.maxX - more.displayWidth, y: inner.maxY), style: t.muted)
            }
        }
        Form(focused: true, theme: t).render(in: formRect, on: &c, state: f)
    }

    // MARK: - Profiles view

    /// The Profiles list's rectangle (under the pane's border; the rename line takes the bottom).
    static func profilesListRect(_ s: TUIState, _ body: Rect) -> Rect {
        let inner = body.inset(by: 1)
        return s.rename == nil ? inner : inner.inset(bottom: 2)
    }

    static func profiles(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        let inner = Pane(title: "Profiles in \(UIText.safe(s.ui.configPath))", focused: true, badge: "\(s.ui.profiles.count)", theme: t)
            .render(in: body, on: &c)
        guard !inner.isEmpty else { return }
        let profs = s.ui.profiles
        if let r = s.rename {
            let y = inner.maxY - 1
            let label = "Rename \(UIText.safe(r.old)) to: "
            let lw = c.text(label, at: Point(x: inner.x, y: y), style: t.accent)
            TextField(focused: true, theme: t).render(in: Rect(x: inner.x + lw, y: y, width: inner.width - lw, height: 1), on: &c, state: r.field)
        }
        // Account names from the listings, where the TUI has them.
        func accountName(_ p: ProfileConfig) -> String {
            guard let sess = p.ssoSession, let id = p.ssoAccountId, let a = s.ui.listings[sess]?.account(id) else { return "" }
            return UIText.safe(a.accountName ?? "")
        }
        let cells: [[String]] = profs.map { p in
            let name = UIText.safe(p.name) + (p.name == "default" ? " *" : "")
            if p.isSSO {
                let sess = p.ssoSession ?? (p.ssoStartURL.map { "legacy \($0)" } ?? "?")
                return [name, UIText.safe(sess), accountName(p), p.ssoAccountId ?? "?", UIText.safe(p.ssoRoleName ?? "?"),
                        UIText.safe(p.region ?? "-")]
            }
            var kind = "read-only"
            if p.credentialProcess != nil { kind = "credential_process" }
            else if p.values["role_arn"] != nil { kind = "assume role" }
            else if p.values["aws_access_key_id"] != nil { kind = "static keys" }
            return [name, "(not SSO)", kind, "", "", UIText.safe(p.region ?? "-")]
        }
        func w(_ i: Int, _ title: String) -> Int { max(title.displayWidth, cells.map { $0[i].displayWidth }.max() ?? 0) }
        // The name matters most; the account name goes first, then region, session, id, role.
        let cols = [ListColumn(title: "NAME", width: w(0, "NAME"), minWidth: min(w(0, "NAME"), 28), shrinkOrder: 4),
                    ListColumn(title: "SESSION", width: w(1, "SESSION"), minWidth: 8, shrinkOrder: 1, dropOrder: 3),
                    ListColumn(title: "ACCOUNT", width: w(2, "ACCOUNT"), minWidth: 10, shrinkOrder: 0, dropOrder: 1),
                    ListColumn(title: "ID", width: w(3, "ID"), minWidth: 12, shrinkOrder: 5, dropOrder: 4, truncation: .end),
                    ListColumn(title: "ROLE", width: w(4, "ROLE"), minWidth: min(w(4, "ROLE"), 16), shrinkOrder: 2, dropOrder: 5),
                    ListColumn(title: "REGION", width: w(5, "REGION"), minWidth: 9, shrinkOrder: 3, dropOrder: 2, truncation: .end)]
        List(focused: s.rename == nil, theme: t, emptyText: "no profiles yet · Enter on a role creates one", showsScrollIndicator: true)
            .render(in: profilesListRect(s, body), on: &c, state: s.profilesList, columns: cols) { i in
                cells[i].enumerated().map { j, v in Span(v, j == 0 ? t.text : t.muted) }
            }
    }
}

