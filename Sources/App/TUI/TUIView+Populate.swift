import Core
import Foundation
import TUIKit

// The populate screen: its form and the preview of what would be written.
extension TUIView {
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
}
