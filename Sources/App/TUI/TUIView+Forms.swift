import Core
import Foundation
import TUIKit

// The forms: a new sso-session and the profile editor.
extension TUIView {
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
}
