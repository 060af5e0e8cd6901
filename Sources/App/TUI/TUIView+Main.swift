import Core
import Foundation
import TUIKit

// The main screen: the Sessions, Accounts and Roles panes, where they go and their page sizes.
extension TUIView {
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
}
