import Core
import Foundation
import TUIKit

/// `view(state, size) -> Canvas`: a pure function of the state. The frame (title, status and help
/// lines, the help overlay) is here; each screen is drawn in the `TUIView+<Screen>.swift` named for it.
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
}
