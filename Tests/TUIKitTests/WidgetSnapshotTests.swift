import XCTest
@testable import TUIKit

/// Every widget rendered at 1x1, 20x5 and 44x12 and compared with `__Snapshots__/`.
final class WidgetSnapshotTests: XCTestCase {
    func render(_ size: Size, _ body: (inout Canvas) -> Void) -> Canvas {
        var c = Canvas(size: size)
        body(&c)
        for l in c.lines() { XCTAssertEqual(l.displayWidth, size.width, "a row is not exactly the canvas width: \(l)") }
        return c
    }

    let mixed = ["Zürich  prod-admin", "東京    dev", "🚀 ops  readonly", "São Paulo  billing"]
        + (5...30).map { "item \($0)" }

    func testPane() {
        for s in snapshotSizes {
            let c = render(s) { c in
                let inner = Pane(title: "Accounts 東京", focused: true, badge: "3/30").render(in: c.bounds, on: &c)
                c.text("inside", at: inner.origin, maxWidth: inner.width)
            }
            assertSnapshot(c, named: "pane-focused-\(s)", styles: true)
            let d = render(s) { c in Pane(title: "Roles", focused: false).render(in: c.bounds, on: &c) }
            assertSnapshot(d, named: "pane-unfocused-\(s)")
        }
    }

    func testList() {
        for s in snapshotSizes {
            var st = ListState(items: mixed)
            st.pageSize = s.height
            st.move(by: 2)
            assertSnapshot(render(s) { List(focused: true).render(in: $0.bounds, on: &$0, state: st) },
                           named: "list-\(s)", styles: true)
            st.move(by: 20)
            assertSnapshot(render(s) { List(focused: false).render(in: $0.bounds, on: &$0, state: st) },
                           named: "list-scrolled-\(s)", styles: true)
            var f = st
            f.startFiltering()
            f.setQuery("zur")
            assertSnapshot(render(s) { List(focused: true).render(in: $0.bounds, on: &$0, state: f) },
                           named: "list-filtering-\(s)", styles: true)
            f.setQuery("xyz-none")
            assertSnapshot(render(s) { List().render(in: $0.bounds, on: &$0, state: f) }, named: "list-nomatch-\(s)")
        }
        assertSnapshot(render(Size(width: 20, height: 5)) {
            List(emptyText: "No accounts").render(in: $0.bounds, on: &$0, state: ListState())
        }, named: "list-empty")
    }

    func testListFuzzyHighlight() {
        var st = ListState(items: ["production-admin", "playground-rod", "dev"], matchKind: .fuzzy)
        st.startFiltering()
        st.setQuery("prod")
        let c = render(Size(width: 24, height: 6)) { Pane(title: "Fuzzy").render(in: $0.bounds, on: &$0) ; List().render(in: $0.bounds.inset(by: 1), on: &$0, state: st) }
        assertSnapshot(c, named: "list-fuzzy-highlight", styles: true)
        // Matched characters of the second row carry the match style.
        let row = c.styleLines()[3]
        let chars = Array(row)
        XCTAssertNotEqual(chars[1], ".")    // p
        XCTAssertEqual(chars[2], ".")       // l
    }

    func testTextField() {
        for s in snapshotSizes {
            let c = render(s) { c in
                TextField(focused: true).render(in: c.bounds, on: &c, state: TextFieldState("Zürich 東京 ✓ a long value"))
                if c.height > 2 {
                    TextField(placeholder: "profile name").render(in: c.bounds.inset(top: 2), on: &c, state: TextFieldState())
                }
            }
            assertSnapshot(c, named: "textfield-\(s)", styles: true)
        }
    }

    func testTextFieldValidationMessage() {
        for s in [Size(width: 1, height: 1), Size(width: 20, height: 5)] {
            let c = render(s) { c in
                TextField(placeholder: "start URL", focused: true, message: "must start with https://")
                    .render(in: c.bounds, on: &c, state: TextFieldState("http://x"))
            }
            assertSnapshot(c, named: "textfield-message-\(s)", styles: true)
        }
    }

    func testForm() {
        var form = FormState(fields: [
            FormField("Name", text: "", placeholder: "profile name", validators: [.required]),
            FormField("Region", pick: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"], value: "us-east-1"),
            FormField("Output", pick: ["json", "text", "table", "yaml"], value: "json"),
        ])
        form.handle(.key(.enter))       // shows the validation error
        for s in snapshotSizes {
            assertSnapshot(render(s) { Form().render(in: $0.bounds, on: &$0, state: form) }, named: "form-\(s)")
        }
        var open = form
        open.handle(.paste("acme-dev"))
        open.handle(.key(.tab))
        open.handle(.key(.char("e")))
        assertSnapshot(render(Size(width: 44, height: 12)) { Form().render(in: $0.bounds, on: &$0, state: open) },
                       named: "form-picker-open")
        XCTAssertEqual(Form.height(for: form), 4)
    }

    func testDialog() {
        for s in snapshotSizes {
            let c = render(s) { c in
                c.fill(c.bounds, with: "░")
                ConfirmDialog(title: "Delete profile", message: "Delete acme-dev-poweruser? This cannot be undone.")
                    .render(in: c.bounds, on: &c, state: DialogState())
            }
            assertSnapshot(c, named: "dialog-\(s)", styles: true)
        }
    }

    func testBars() {
        let bindings = [KeyBinding([.up, .char("k")], label: "↑/k", help: "up"),
                        KeyBinding([.char("/")], help: "filter"),
                        KeyBinding([.char("d")], help: "delete", enabled: false),
                        KeyBinding([.pageDown], help: "page", showsInBar: false),
                        KeyBinding([.char("q")], help: "quit")]
        for s in snapshotSizes {
            let c = render(s) { c in
                let rows = Layout(.vertical, [.length(1), .length(1), .length(1), .length(1), .fill(1)]).split(c.bounds)
                HelpBar(bindings: bindings).render(in: rows[0], on: &c)
                StatusBar(left: [Span(" acme ", .bold), Span("東京")], right: [Span("expires 7h ")]).render(in: rows[1], on: &c)
                Toast("Saved profile acme-dev (eu-central-1)", level: .success).render(in: rows[2], on: &c)
                Spinner(label: "Waiting for authorization").render(in: rows[3], on: &c, state: SpinnerState(frame: 3))
            }
            assertSnapshot(c, named: "bars-\(s)", styles: true)
            let o = render(s) { c in
                HelpOverlay(sections: [("List", bindings), ("Global", [KeyBinding([.char("?")], help: "help")])])
                    .render(in: c.bounds, on: &c)
            }
            assertSnapshot(o, named: "help-overlay-\(s)")
        }
    }

    func testBigText() {
        XCTAssertEqual(BigText.size(of: "ABCD-EFGH", style: .full), Size(width: 53, height: 5))
        XCTAssertEqual(BigText.size(of: "ABCD-EFGH", style: .half), Size(width: 53, height: 3))
        for s in snapshotSizes + [Size(width: 60, height: 6)] {
            assertSnapshot(render(s) { BigText("ABCD-EFGH").render(in: $0.bounds, on: &$0) }, named: "bigtext-full-\(s)")
            assertSnapshot(render(s) { BigText("WXYZ-0123", style: .half).render(in: $0.bounds, on: &$0) },
                           named: "bigtext-half-\(s)")
        }
        assertSnapshot(render(Size(width: 60, height: 12)) { c in
            BigText("QRST-4567").render(in: Rect(x: 0, y: 0, width: 60, height: 6), on: &c)
            BigText("IJKL-MNOP", style: .half).render(in: Rect(x: 0, y: 6, width: 60, height: 3), on: &c)
            BigText("UV89", style: .half).render(in: Rect(x: 0, y: 9, width: 60, height: 3), on: &c)
        }, named: "bigtext-alphabet")
    }

    func testQRCodeFitsOrNot() {
        let qr = QRCode("https://example.com/?c=ABCD")!
        let s = qr.size
        XCTAssertEqual(s.width, qr.moduleCount + 4)
        var small = Canvas(width: 20, height: 5)
        XCTAssertFalse(qr.render(in: small.bounds, on: &small))
        XCTAssertEqual(small.lines(), Canvas(width: 20, height: 5).lines())
        var tiny = Canvas(width: 1, height: 1)
        XCTAssertFalse(qr.render(in: tiny.bounds, on: &tiny))
        let c = render(Size(width: s.width + 2, height: s.height)) { _ = qr.render(in: $0.bounds, on: &$0) }
        assertSnapshot(c, named: "qrcode-example")
        XCTAssertEqual(QRCode.size(for: "https://example.com/?c=ABCD"), s)
    }
}
