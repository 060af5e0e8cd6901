import Core
import Foundation
import TUIKit

/// Drawing of ``DoctorPanel``: the top-line problem count and the findings overlay.
enum DoctorView {
    /// `doctor: 2 problems (D)` when doctor would report a `fail` for the sessions shown.
    static func badge(_ s: TUIState) -> String? {
        let n = s.doctor.failures(s.ui).count
        guard n > 0, s.ui.screen == .main else { return nil }
        return "doctor: \(n) problem\(n == 1 ? "" : "s") (D)  "
    }

    /// The findings overlay, over the whole screen but the top line.
    static func render(_ s: TUIState, in full: Rect, _ c: inout Canvas) {
        guard s.doctor.open else { return }
        let t = s.theme
        let d = s.doctor
        let box = full.inset(top: 1, bottom: 1)   // over the panes and the message line; the help bar stays
        guard box.width >= 20, box.height >= 5 else { return }
        let fails = d.findings.filter { $0.status == .fail }.count
        let warns = d.findings.filter { $0.status == .warn }.count
        c.fill(box)
        c.box(box, title: "Doctor: \(fails) fail, \(warns) warn", style: t.focusedBorder, titleStyle: t.focusedBorder, border: .rounded)
        let inner = box.inset(top: 1, left: 2, bottom: 2, right: 2)
        let home = d.environment?["HOME"].flatMap { $0.isEmpty || $0 == "/" ? nil : $0 }
        /// Safe for the terminal, HOME shown as `~`.
        func show(_ text: String) -> String {
            UIText.safe(home.map { text.replacingOccurrences(of: $0 + "/", with: "~/") } ?? text)
        }
        var lines: [(String, Style)] = []
        for f in d.problems {
            let st = f.status == .fail ? t.error : t.warning
            lines.append(("\(f.status.rawValue)  \(f.check.rawValue)  \(show(f.subject))", st))
            for l in wrap(show(f.message), width: max(10, inner.width - 2)) { lines.append(("  " + l, t.text)) }
            if let fx = f.fix { lines.append(("  fix: " + show(key(for: f).map { "\($0)  (or: \(fx))" } ?? fx), t.muted)) }
        }
        if lines.isEmpty {
            lines.append(("Nothing is wrong: every check is ok (\(d.findings.count) checked).", t.success))
        }
        if !d.fixed.isEmpty {
            lines.append(("", t.text))
            lines.append(("Repairs:", t.title))
            for l in d.fixed {
                for (i, w) in wrap(show(l), width: max(10, inner.width - 4)).enumerated() { lines.append(((i == 0 ? "  " : "    ") + w, t.text)) }
            }
        }
        let top = min(d.scroll, max(0, lines.count - inner.height))
        c.clipped(to: inner) { cc in
            for (i, l) in lines.dropFirst(top).prefix(inner.height).enumerated() {
                cc.text(l.0, at: Point(x: inner.x, y: inner.y + i), style: l.1, maxWidth: inner.width, truncate: true)
            }
        }
        let n = d.fileRepairCount
        let foot = d.confirmFix
            ? "Repair \(n) file problem\(n == 1 ? "" : "s") (modes, owners, orphan and unreadable cache files)? y/n"
            : "Esc close" + (n > 0 ? " · f repair \(n) file problem\(n == 1 ? "" : "s")" : "")
                + " · ↑/↓ scroll"
        c.text(foot, at: Point(x: inner.x, y: box.maxY - 2), style: d.confirmFix ? t.warning.adding(.bold) : t.muted,
               maxWidth: inner.width, truncate: true)
    }

    /// The key that fixes a finding here: `f` for file repairs, `l` on the session for a login.
    static func key(for f: DoctorFinding) -> String? {
        if f.repairs.contains(where: \.isFileRepair) { return "f" }
        for case let .login(t) in f.repairs { if let n = t.session { return "l on \(n) in Sessions" } }
        return nil
    }

    /// Word-wraps `s` to `width` columns (words longer than a line are cut by the caller's truncation).
    static func wrap(_ s: String, width: Int) -> [String] {
        var out: [String] = []
        var line = ""
        for w in s.split(separator: " ", omittingEmptySubsequences: false) {
            let word = String(w)
            if line.isEmpty { line = word; continue }
            if line.displayWidth + 1 + word.displayWidth > width {
                out.append(line)
                line = word
            } else {
                line += " " + word
            }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }
}
