import Core
import Foundation
import TUIKit

// The Profiles view and its rename line.
extension TUIView {
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
