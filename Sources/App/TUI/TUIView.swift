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
        let body = full.inset(top: 1, bottom: 2)
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
            Toast(UIText.safe(m.text), level: level, theme: t).render(in: msgRow, on: &c)
        } else if s.ui.isLoading {
            Spinner(label: loadingLabel(s), theme: t).render(in: msgRow, on: &c, state: s.spinner)
        }
        // Key hints of what has focus
        HelpBar(bindings: TUIBindings.bar(s), theme: t)
            .render(in: Rect(x: 1, y: size.height - 1, width: size.width - 2, height: 1), on: &c)
        // Overlays
        if let q = s.ui.confirm {
            let (title, msg, yes): (String, String, String) = {
                switch q {
                case .overwriteProfile(let d):
                    return ("Overwrite profile?", "A profile named \(UIText.safe(d.name)) already exists. Replace it with this account and role?", "Overwrite")
                case .deleteProfile(let n):
                    return ("Delete profile?", "Delete profile \(UIText.safe(n)) from \(s.ui.configPath)?", "Delete")
                }
            }()
            ConfirmDialog(title: title, message: msg, yesLabel: yes, noLabel: "Keep", theme: t)
                .render(in: body, on: &c, state: DialogState())
        }
        DoctorView.render(s, in: full, &c)
        if s.showHelp {
            HelpOverlay(sections: TUIBindings.helpSections(s), title: "Keys (any key closes)", theme: t).render(in: full, on: &c)
        }
        return c
    }

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

    static func main(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        let ui = s.ui
        let acctTitle: String = {
            guard let l = ui.currentListing else { return "Accounts" }
            return "Accounts (\(l.accounts.count)\(l.accountsComplete ? "" : "…"))"
        }()
        let rolesTitle: String = {
            guard let id = ui.selectedAccount, let a = ui.currentListing?.account(id) else { return "Roles" }
            return "Roles · " + UIText.safe(a.accountName ?? a.accountId)
        }()
        if body.width >= 100 {
            let cols = Layout(.horizontal, [.percentage(22), .percentage(43), .fill(1)]).split(body)
            sessionsPane(s, cols[0], &c)
            accountsPane(s, cols[1], acctTitle, &c)
            rolesPane(s, cols[2], rolesTitle, &c)
        } else if body.width >= 60 {
            // Stacked: a short Sessions pane on top, Accounts and Roles side by side below.
            let sh = min(max(3, ui.sessions.count + 2), max(3, body.height / 4))
            let rows = Layout(.vertical, [.length(sh), .fill(1)]).split(body)
            sessionsPane(s, rows[0], &c)
            let cols = Layout(.horizontal, [.percentage(58), .fill(1)]).split(rows[1])
            accountsPane(s, cols[0], acctTitle, &c)
            rolesPane(s, cols[1], rolesTitle, &c)
        } else {
            // Narrow: only the focused pane, full size.
            switch ui.focus {
            case .sessions: sessionsPane(s, body, &c)
            case .accounts: accountsPane(s, body, acctTitle, &c)
            case .roles: rolesPane(s, body, rolesTitle, &c)
            }
        }
        _ = t
    }

    static func sessionsPane(_ s: TUIState, _ r: Rect, _ c: inout Canvas) {
        let focused = s.ui.focus == .sessions
        let inner = Pane(title: "Sessions", focused: focused, badge: "\(s.ui.sessions.count)", theme: s.theme).render(in: r, on: &c)
        rows(s.sessionsList, inner, focused: focused, theme: s.theme, empty: "no sso-session · n adds one", &c) { i in
            let sess = s.ui.sessions[i]
            let status: (String, Style)
            if let e = sess.tokenExpiresAt, e > s.ui.now {
                status = ("● " + UIText.timeLeft(e.timeIntervalSince(s.ui.now)), s.theme.success)
            } else if sess.isLoggedIn(at: s.ui.now) {
                status = ("● refresh", s.theme.warning)
            } else {
                status = ("○ logged out", s.theme.muted)
            }
            return (UIText.safe(sess.name), [Span(status.0, status.1)])
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
                if case .failed(let m) = l.status { return "failed: \(m) · R retries" }
                return l.status == .loading ? "loading…" : "no accounts"
            }
            return sess.isLoggedIn(at: s.ui.now) ? "Enter on the session loads its accounts" : "not logged in · Enter on the session logs in"
        }()
        let accounts = s.ui.accounts
        rows(s.accountsList, inner, focused: focused, theme: s.theme, empty: empty, &c) { i in
            let a = accounts[i]
            return (UIText.safe(a.accountName ?? a.accountId),
                    [Span(a.accountId, s.theme.muted), Span(UIText.safe(a.emailAddress ?? ""), s.theme.muted)])
        }
    }

    static func rolesPane(_ s: TUIState, _ r: Rect, _ title: String, _ c: inout Canvas) {
        let focused = s.ui.focus == .roles
        let inner = Pane(title: title, focused: focused, badge: s.ui.roles.map { "\($0.count)" }, theme: s.theme).render(in: r, on: &c)
        let empty: String = {
            guard let a = s.ui.selectedAccount else { return "" }
            if let e = s.ui.currentListing?.roleErrors[a] { return "failed: \(e)" }
            if s.ui.roles == nil { return s.ui.currentListing?.status == .loading ? "loading roles…" : "" }
            return "no roles"
        }()
        let session = s.ui.selectedSession ?? ""
        let acct = s.ui.selectedAccount ?? ""
        rows(s.rolesList, inner, focused: focused, theme: s.theme, empty: empty, &c) { i in
            let role = s.roleNames[i]
            if let p = s.ui.profileName(session: session, accountId: acct, role: role) {
                return (UIText.safe(role), [Span("→ " + UIText.safe(p), s.theme.success)])
            }
            return (UIText.safe(role), [])
        }
    }

    /// A list with a left column (with filter-match highlighting) and right-hand extras.
    static func rows(_ list: ListState, _ area: Rect, focused: Bool, theme t: Theme, empty: String, _ c: inout Canvas,
                     _ row: (Int) -> (String, [Span])) {
        guard !area.isEmpty else { return }
        var rect = area
        if list.filterMode != .unfiltered {
            let line = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
            let used = c.text("/", at: line.origin, style: list.filterMode == .filtering ? t.accent : t.muted)
            let count = " \(list.visible.count)/\(list.items.count)"
            let fw = max(1, line.width - used - count.displayWidth)
            TextField(focused: focused && list.filterMode == .filtering, theme: t)
                .render(in: Rect(x: line.x + used, y: line.y, width: fw, height: 1), on: &c, state: list.query)
            if line.width > count.displayWidth + 4 {
                c.text(count, at: Point(x: line.maxX - count.displayWidth, y: line.y), style: t.muted)
            }
            rect = rect.inset(top: 1)
        }
        guard !rect.isEmpty else { return }
        if list.visible.isEmpty {
            let msg = list.items.isEmpty ? empty : "no matches"
            for (i, l) in wrapText(msg, width: rect.width).prefix(rect.height).enumerated() {
                c.text(l, at: Point(x: rect.x, y: rect.y + i), style: t.muted)
            }
            return
        }
        let top = list.scrollOffset(height: rect.height)
        let total = list.visible.count
        let scroll = total > rect.height && rect.width >= 6
        let w = rect.width - (scroll ? 1 : 0)
        let shownRows = (0..<min(rect.height, total - top)).map { r -> (FilterMatch, String, [Span]) in
            let m = list.visible[top + r]
            let (main, extras) = row(m.index)
            return (m, main, extras)
        }
        // Extra columns line up: each is as wide as its widest visible cell; columns that do not
        // fit (keeping at least 12 cells for the main text) are dropped from the right.
        var colW: [Int] = []
        for (_, _, ex) in shownRows {
            for (i, sp) in ex.enumerated() {
                if i >= colW.count { colW.append(0) }
                colW[i] = max(colW[i], sp.text.displayWidth)
            }
        }
        let mainWant = shownRows.map { $0.1.displayWidth }.max() ?? 0
        while !colW.isEmpty && w - colW.reduce(0, { $0 + $1 + 2 }) < min(12, mainWant) { colW.removeLast() }
        let extrasW = colW.reduce(0) { $0 + $1 + 2 }
        let mainW = colW.isEmpty ? w : min(w - extrasW, mainWant + 1)
        for (r, (m, main, extras)) in shownRows.enumerated() {
            let vi = top + r
            let y = rect.y + r
            let selected = vi == list.cursor
            let base: Style = selected ? (focused ? t.selection : t.inactiveSelection) : t.text
            c.fill(Rect(x: rect.x, y: y, width: w, height: 1), style: base)
            // Highlight the matched characters of the main text.
            let shown = main.displayWidth > mainW ? main.truncated(toWidth: mainW) : main
            var x = rect.x
            let positions = Set(m.positions)
            for (i, ch) in shown.enumerated() {
                if x + DisplayWidth.of(ch) > rect.x + mainW { break }
                x += c.put(ch, at: Point(x: x, y: y), style: positions.contains(i) ? t.match.over(base) : base)
            }
            var cx = rect.x + mainW
            for (i, cw) in colW.enumerated() {
                cx += 2
                if i < extras.count {
                    c.text(extras[i].text, at: Point(x: cx, y: y), style: selected ? base : extras[i].style, maxWidth: cw)
                }
                cx += cw
            }
        }
        if scroll {
            let x = rect.maxX - 1, h = rect.height
            let thumb = max(1, h * h / total)
            let thumbTop = (h - thumb) * top / max(1, total - h)
            for i in 0..<h {
                let on = i >= thumbTop && i < thumbTop + thumb
                c.put(on ? "┃" : "│", at: Point(x: x, y: rect.y + i), style: on ? t.text : t.border)
            }
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
            var qrRect: Rect?
            if let q = qr, inner.width >= textW + q.size.width + 3, inner.height >= q.size.height {
                qrRect = Rect(x: min(inner.maxX - q.size.width - 1, x + textW + 4), y: inner.y,
                              width: q.size.width, height: q.size.height)
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
            if let q = qr, let r = qrRect { q.render(in: r, on: &c) }
        }
    }

    // MARK: - Forms

    static func sessionForm(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let f = s.sessionForm else { return }
        let box = body.width > 90 ? body.centered(Size(width: 90, height: body.height)) : body
        let inner = Pane(title: s.ui.firstRun ? "First run: an sso-session" : "New sso-session", focused: true, theme: t).render(in: box, on: &c)
        var y = inner.y
        let intro = s.ui.firstRun
            ? "No sso-session in \(s.ui.configPath) yet. It is saved as an [sso-session] section, exactly as `aws configure sso` writes it."
            : "Saved as an [sso-session] section in \(s.ui.configPath)."
        for l in wrapText(intro, width: inner.width - 2).prefix(3) {
            c.text(l, at: Point(x: inner.x + 1, y: y), style: t.muted); y += 1
        }
        y += 1
        let formRect = Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, inner.maxY - y - 3))
        var after = y + Form.height(for: f) + 1
        // Hint: what a bare portal name expands to.
        if case .success(let u) = UIText.normalizeStartURL(f.fields[1].value), u != f.fields[1].value, after < inner.maxY {
            c.text("Start URL will be \(UIText.safe(u))", at: Point(x: inner.x + 1, y: after), style: t.muted, maxWidth: inner.width - 2, truncate: true)
            after += 1
        }
        if let e = s.ui.sessionFormError, after < inner.maxY {
            c.text(UIText.safe(e), at: Point(x: inner.x + 1, y: after), style: t.error, maxWidth: inner.width - 2, truncate: true)
        }
        Form(focused: true, theme: t).render(in: formRect, on: &c, state: f)
    }

    static func editor(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let f = s.editorForm, let e = s.ui.editor else { return }
        let box = body.width > 90 ? body.centered(Size(width: 90, height: body.height)) : body
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
        let formRect = Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: max(0, inner.maxY - y - 2))
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

    static func populate(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        guard let p = s.ui.populate, let f = s.populateForm else { return }
        let inner = Pane(title: "Populate · \(UIText.safe(p.scopeLabel))", focused: true, theme: t).render(in: body, on: &c)
        guard !inner.isEmpty else { return }
        var y = inner.y
        let x = inner.x + 1, w = inner.width - 2
        for l in wrapText("One profile per account and role, named from the template ({account_name}, {account_id}, {role_name}, "
                          + "{session}), marked \(ProfileNaming.generatedKey) = true. Hand-made profiles are never touched.", width: w).prefix(2) {
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
            let nameW = min(max(12, (pv.rows.map { $0.name.displayWidth }.max() ?? 12) + 2), max(12, w / 2))
            let top = min(s.populateScroll, max(0, pv.rows.count - rowsRect.height))
            for (i, r) in pv.rows.dropFirst(top).prefix(rowsRect.height).enumerated() {
                let (mark, style): (String, Style) = {
                    switch r.kind {
                    case .add: return ("+ ", t.success)
                    case .update: return ("~ ", t.warning)
                    case .remove: return ("- ", t.error)
                    case .stale: return ("? ", t.muted)
                    }
                }()
                let ry = rowsRect.y + i
                let mw = c.text(mark, at: Point(x: x, y: ry), style: style)
                let name = UIText.safe(r.name)
                c.text(name.displayWidth > nameW - 1 ? name.truncated(toWidth: nameW - 1) : name, at: Point(x: x + mw, y: ry), style: t.text)
                var what = "\(UIText.safe(r.accountName ?? r.accountId)) (\(r.accountId)) / \(UIText.safe(r.role))"
                switch r.kind {
                case .update: what += " · region/output change"
                case .remove: what += " · gone: removed"
                case .stale: what += " · gone: kept (Prune: yes removes it)"
                case .add: break
                }
                c.text(what, at: Point(x: x + mw + nameW, y: ry), style: t.muted, maxWidth: max(0, w - mw - nameW), truncate: true)
            }
            if pv.rows.count > rowsRect.height, rowsRect.height > 0 {
                let more = " \(top + 1)-\(min(pv.rows.count, top + rowsRect.height)) of \(pv.rows.count) · PgUp/PgDn "
                c.text(more, at: Point(x: inner.maxX - more.displayWidth, y: inner.maxY), style: t.muted)
            }
        }
        Form(focused: true, theme: t).render(in: formRect, on: &c, state: f)
    }

    // MARK: - Profiles view

    static func profiles(_ s: TUIState, _ body: Rect, _ c: inout Canvas) {
        let t = s.theme
        let inner = Pane(title: "Profiles in \(s.ui.configPath)", focused: true, badge: "\(s.ui.profiles.count)", theme: t)
            .render(in: body, on: &c)
        guard !inner.isEmpty else { return }
        let profs = s.ui.profiles
        let nameW = min(max(8, (profs.map { $0.name.displayWidth }.max() ?? 8) + 2), max(8, inner.width / 3))
        // Header row
        let header = "NAME".padded(toWidth: nameW) + "SESSION / ACCOUNT / ROLE / REGION"
        c.text(header, at: Point(x: inner.x, y: inner.y), style: t.muted, maxWidth: inner.width, truncate: true)
        var listRect = inner.inset(top: 1)
        if let r = s.rename {
            let y = inner.maxY - 1
            let label = "Rename \(UIText.safe(r.old)) to: "
            let lw = c.text(label, at: Point(x: inner.x, y: y), style: t.accent)
            TextField(focused: true, theme: t).render(in: Rect(x: inner.x + lw, y: y, width: inner.width - lw, height: 1), on: &c, state: r.field)
            listRect = listRect.inset(bottom: 2)
        }
        rows(s.profilesList, listRect, focused: s.rename == nil, theme: t, empty: "no profiles yet · Enter on a role creates one", &c) { i in
            let p = profs[i]
            var extra: String
            if p.isSSO {
                let sess = p.ssoSession ?? (p.ssoStartURL.map { "legacy \($0)" } ?? "?")
                extra = "\(sess) / \(p.ssoAccountId ?? "?") / \(p.ssoRoleName ?? "?") / \(p.region ?? "-")"
            } else {
                var kind = "read-only"
                if p.credentialProcess != nil { kind += ", credential_process" }
                else if p.values["role_arn"] != nil { kind += ", assume role" }
                else if p.values["aws_access_key_id"] != nil { kind += ", static keys" }
                extra = "(not SSO: \(kind)) / \(p.region ?? "-")"
            }
            let name = UIText.safe(p.name) + (p.name == "default" ? " *" : "")
            let padded = name.displayWidth < nameW ? name.padded(toWidth: nameW) : name
            return (padded + UIText.safe(extra), [])
        }
    }
}

/// Key bindings as data: the help bar and the help overlay are generated from them.
enum TUIBindings {
    static let quit = KeyBinding([.char("q"), .ctrl("c")], label: "q", help: "quit")
    static let help = KeyBinding([.char("?")], help: "help")

    static func bar(_ s: TUIState) -> [KeyBinding] {
        if s.showHelp { return [KeyBinding([.escape], label: "any key", help: "close help")] }
        if s.doctor.open { return DoctorPanel.bar(s) }
        if s.ui.confirm != nil {
            return [KeyBinding([.char("y")], help: "yes"), KeyBinding([.char("n"), .escape], label: "n/Esc", help: "no")]
        }
        switch s.ui.screen {
        case .populate:
            if s.populateForm?.isPickerOpen ?? false { return s.populateForm?.keyBindings ?? [] }
            return [KeyBinding([.enter], help: "write profiles"), KeyBinding([.tab, .backTab], label: "Tab", help: "next field"),
                    KeyBinding([.pageUp, .pageDown], label: "PgUp/PgDn", help: "scroll preview"),
                    KeyBinding([.escape], help: "cancel"), KeyBinding([.ctrl("c")], help: "quit")]
        case .sessionForm, .editor:
            let f = s.ui.screen == .editor ? s.editorForm : s.sessionForm
            var b = f?.keyBindings ?? []
            if s.ui.screen == .sessionForm && s.ui.firstRun && s.ui.sessions.isEmpty {
                b.removeAll { $0.keys.contains(.escape) && !(f?.isPickerOpen ?? false) }   // nothing to go back to
            }
            b.append(KeyBinding([.ctrl("c")], help: "quit"))
            return b
        case .login:
            let failed: Bool = { if case .failed? = s.ui.login?.phase { return true }; return false }()
            let pkce = s.ui.login?.method == .pkce
            return [KeyBinding([.char("o")], help: "open browser", enabled: !failed),
                    KeyBinding([.char("c")], help: pkce ? "copy URL" : "copy URL+code", enabled: !failed),
                    KeyBinding([.char("r")], help: "retry", enabled: failed),
                    KeyBinding([.char("p")], help: pkce ? "use device code" : "use PKCE"),
                    KeyBinding([.escape], help: "cancel"), quit]
        case .profiles:
            if s.rename != nil {
                return [KeyBinding([.enter], help: "rename"), KeyBinding([.escape], help: "cancel")]
            }
            if s.profilesList.filterMode == .filtering { return s.profilesList.keyBindings }
            return profileKeys + [quit]
        case .main:
            return paneKeys(s, s.ui.focus).filter(\.showsInBar) + [help, quit]
        }
    }

    static let profileKeys: [KeyBinding] = [
        KeyBinding([.char("e"), .enter], label: "e", help: "edit"),
        KeyBinding([.char("r")], help: "rename"),
        KeyBinding([.char("d")], help: "delete"),
        KeyBinding([.char("*")], help: "make default"),
        KeyBinding([.char("/")], help: "filter"),
        KeyBinding([.escape, .char("p")], label: "Esc", help: "back"),
    ]

    static func paneKeys(_ s: TUIState, _ pane: UIPane) -> [KeyBinding] {
        let list: ListState = pane == .sessions ? s.sessionsList : pane == .accounts ? s.accountsList : s.rolesList
        if list.filterMode == .filtering {
            return list.keyBindings + [KeyBinding([.enter], help: "apply and open", showsInBar: false)]
        }
        var b: [KeyBinding] = []
        switch pane {
        case .sessions:
            let loggedIn = s.ui.currentSession?.isLoggedIn(at: s.ui.now) ?? false
            b = [KeyBinding([.enter], help: loggedIn ? "accounts" : "log in", enabled: s.ui.currentSession != nil),
                 KeyBinding([.char("l")], help: "log in again", enabled: s.ui.currentSession != nil),
                 KeyBinding([.char("L")], help: "log out", enabled: loggedIn),
                 KeyBinding([.char("n")], help: "new session")]
        case .accounts:
            b = [KeyBinding([.enter], help: "roles", enabled: !s.accountIds.isEmpty),
                 KeyBinding([.char("P")], help: list.filterMode == .applied ? "populate matches" : "populate all",
                            enabled: !s.accountIds.isEmpty)]
        case .roles:
            let any = !s.roleNames.isEmpty
            b = [KeyBinding([.enter], help: "profile", enabled: any),
                 KeyBinding([.char("c")], help: "console", enabled: any),
                 KeyBinding([.char("x")], help: "copy export", enabled: any),
                 KeyBinding([.char("P")], help: "populate account", enabled: any)]
        }
        b.append(KeyBinding([.char("/")], help: "filter", enabled: !list.items.isEmpty))
        b.append(KeyBinding([.escape], help: "clear filter", enabled: list.filterMode == .applied))
        b.append(KeyBinding([.tab, .backTab], label: "Tab", help: "pane"))
        b.append(KeyBinding([.char("p")], help: "profiles"))
        b.append(KeyBinding([.char("R")], help: "reload", showsInBar: false))
        return b
    }

    static func helpSections(_ s: TUIState) -> [(title: String, bindings: [KeyBinding])] {
        let moves = [KeyBinding([.up, .down], label: "↑/↓ j/k", help: "move"),
                     KeyBinding([.pageUp, .pageDown], label: "PgUp/PgDn", help: "page"),
                     KeyBinding([.home, .end], label: "Home/End", help: "first / last"),
                     KeyBinding([.char("/")], help: "filter (Esc clears)")]
        let global = [KeyBinding([.tab, .backTab], label: "Tab/Shift-Tab ←/→", help: "move between panes"),
                      KeyBinding([.char("p")], help: "Profiles view"),
                      KeyBinding([.char("R")], help: "reload from the portal"),
                      KeyBinding([.char("D")], help: "doctor: what is wrong, and repairs"),
                      help, KeyBinding([.char("q"), .ctrl("c")], label: "q / Ctrl-C", help: "quit")]
        let sessions = [KeyBinding([.enter], help: "log in if needed, then load accounts"),
                        KeyBinding([.char("l")], help: "log in again"), KeyBinding([.char("L")], help: "log out"),
                        KeyBinding([.char("n")], help: "add an sso-session")]
        let accountsRoles = [KeyBinding([.enter], label: "Enter", help: "account: its roles · role: profile editor"),
                             KeyBinding([.char("c")], help: "role: open the AWS console"),
                             KeyBinding([.char("x")], help: "role: copy export lines (OSC 52)"),
                             KeyBinding([.char("P")], help: "populate: accounts pane all (or the filtered), roles pane this account")]
        let login = [KeyBinding([.char("o")], help: "open the browser again"),
                     KeyBinding([.char("c")], help: "copy URL and code (OSC 52)"),
                     KeyBinding([.char("p")], help: "switch device code / authorization code (PKCE)"),
                     KeyBinding([.char("r")], help: "retry after an error"),
                     KeyBinding([.escape], help: "cancel")]
        let populate = [KeyBinding([.tab, .backTab], label: "Tab/Shift-Tab", help: "template, region, output, prune"),
                        KeyBinding([.pageUp, .pageDown], label: "PgUp/PgDn", help: "scroll the preview"),
                        KeyBinding([.enter], help: "write the profiles"), KeyBinding([.escape], help: "cancel")]
        let forms = [KeyBinding([.tab, .backTab], label: "Tab/Shift-Tab", help: "next / previous field"),
                     KeyBinding([.ctrl("u")], help: "clear the field"), KeyBinding([.enter], help: "save"),
                     KeyBinding([.escape], help: "cancel")]
        var all: [(title: String, bindings: [KeyBinding])] = [
            ("Sessions", sessions), ("Accounts / Roles", accountsRoles), ("Anywhere", global), ("Lists", moves),
            ("Login screen", login), ("Populate", populate), ("Profiles view", profileKeys), ("Forms", forms),
        ]
        // What applies to the current screen comes first (small windows cut the end off).
        let first: String
        switch s.ui.screen {
        case .main: first = s.ui.focus == .sessions ? "Sessions" : "Accounts / Roles"
        case .login: first = "Login screen"
        case .profiles: first = "Profiles view"
        case .editor, .sessionForm: first = "Forms"
        case .populate: first = "Populate"
        }
        if let i = all.firstIndex(where: { $0.title == first }) { all.insert(all.remove(at: i), at: 0) }
        return all
    }
}
