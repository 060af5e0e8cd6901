import Core
import Foundation
import TUIKit

// The login screen: device code (URL, code, countdown) and PKCE (browser, callback).
extension TUIView {
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
}
