import XCTest
import Foundation
@testable import App
import Core
import TUIKit

/// Every screen of the TUI rendered headless at 80x24 and 120x40 and compared with
/// `__Snapshots__/<screen>-<size>.txt`: the text of the cell grid, then its style map (TUIKit's
/// snapshot format). The states are built by sending the real actions and keys through
/// `TUIUpdate.update` from one fixed config, one fixed organisation and one fixed clock, so
/// nothing depends on the date, the environment or the terminal.
///
/// A snapshot is written only when asked: `TUIKIT_RECORD=1 swift test --filter ScreenSnapshotTests`
/// (the variable TUIKit's widget snapshots use). Recording fails the test, so review
/// `git diff Tests/AppTests/__Snapshots__` and run again without it.
final class ScreenSnapshotTests: XCTestCase {
    /// One screen: how it is drawn at a size. A screen of another program (the `awsp` picker,
    /// `PickerView.render`) is one more entry in ``screens``, with its own state builder.
    struct Screen {
        let name: String
        let render: (Size) -> Canvas
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// The screens, in the order a user meets them.
    var screens: [Screen] {
        [
            Screen(name: "first-run") { size in TUIView.render(Self.firstRun(size), size) },
            Screen(name: "main") { size in TUIView.render(Self.main(size), size) },
            Screen(name: "login") { size in TUIView.render(Self.login(size), size) },
            Screen(name: "editor") { size in TUIView.render(Self.editor(size), size) },
            Screen(name: "populate") { size in TUIView.render(Self.populate(size), size) },
            Screen(name: "profiles") { size in TUIView.render(Self.profiles(size), size) },
            Screen(name: "help") { size in TUIView.render(Self.help(size), size) },
        ]
    }

    func testEveryScreenMatchesItsSnapshot() {
        for screen in screens {
            for size in Self.sizes {
                let canvas = screen.render(size)
                XCTAssertEqual(canvas.size, size, screen.name)
                for (y, row) in canvas.lines().enumerated() {
                    XCTAssertEqual(row.displayWidth, size.width, "\(screen.name) \(size) row \(y) is not the screen's width: \(row)")
                }
                XCTAssertEqual(canvas.lines(), screen.render(size).lines(), "\(screen.name) \(size) is drawn the same twice")
                XCTAssertEqual(canvas.styleLines(), screen.render(size).styleLines(), "\(screen.name) \(size) styled the same twice")
                assertScreenSnapshot(canvas, named: "\(screen.name)-\(size)")
            }
        }
    }

    /// A renamed or removed screen leaves no snapshot behind that nothing compares.
    func testEverySnapshotFileBelongsToAScreen() throws {
        let expected = Set(screens.flatMap { s in Self.sizes.map { "\(s.name)-\($0).txt" } })
        let files = try FileManager.default.contentsOfDirectory(atPath: screenSnapshotDirectory().path)
        XCTAssertEqual(Set(files).subtracting(expected).sorted(), [], "snapshots of no screen")
    }

    /// The states promise what the snapshots are meant to show (so a recording of the wrong
    /// state is caught here, not only by a reviewer).
    func testTheStatesShowWhatTheirSnapshotsAreFor() {
        let size = Size(width: 120, height: 40)
        func text(_ s: TUIState) -> String { TUIView.render(s, size).lines().joined(separator: "\n") }
        let main = text(Self.main(size))
        for n in ["Roles · Zürich", "東京-analytics", "São Paulo billing", "999999999999", "→ zurich-admin", "● 2h 01m", "● refresh", "○"] {
            XCTAssertTrue(main.contains(n), "\(n) on the main screen:\n\(main)")
        }
        let login = text(Self.login(size))
        XCTAssertTrue(login.contains("Code: WDJB-MJHT") && login.contains("Expires in 8:25"), login)
        XCTAssertFalse(login.contains("device-code-secret"), "the device code is a secret")
        XCTAssertTrue(text(Self.editor(size)).contains("zurich-poweruser"))
        let populate = text(Self.populate(size))
        for n in ["+ ", "~ ", "? ", "= ", "1 to update", "1 stale", "kept (hand-made)"] {
            XCTAssertTrue(populate.contains(n), "\(n) in the populate preview:\n\(populate)")
        }
        let profiles = text(Self.profiles(size))
        XCTAssertTrue(profiles.contains("static ") && !profiles.contains("AKIA") && !profiles.contains("wJalr"), profiles)
        XCTAssertTrue(Self.help(size).showHelp)
    }

    // MARK: - The fixed world

    /// Every clock in these screens: 2027-01-15 08:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The user's config: three sessions, hand-made SSO profiles (one with a long name, one of a
    /// non-Latin account), two made by populate (one to update, one whose role is gone), a legacy
    /// SSO profile and three that are not SSO.
    static let configText = """
        [default]
        sso_session = acme
        sso_account_id = 777777777777
        sso_role_name = ReadOnlyAccess
        region = eu-west-1
        output = json

        [sso-session acme]
        sso_start_url = https://acme.awsapps.com/start
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [sso-session Zürich-東京]
        sso_start_url = https://d-9067c0ffee.awsapps.com/start
        sso_region = ap-northeast-1

        [sso-session sandbox]
        sso_start_url = https://sandbox-tenant.awsapps.com/start
        sso_region = us-west-2

        [profile zurich-admin]
        sso_session = acme
        sso_account_id = 111111111111
        sso_role_name = AdministratorAccess
        region = eu-central-1
        output = json

        [profile zurich-readonly-for-the-quarterly-compliance-audit]
        sso_session = acme
        sso_account_id = 111111111111
        sso_role_name = ReadOnlyAccess
        region = eu-central-2

        [profile tokyo-analytics]
        sso_session = acme
        sso_account_id = 222222222222
        sso_role_name = ReadOnlyAccess
        region = ap-northeast-1

        [profile acme-dev-readonly]
        sso_session = acme
        sso_account_id = 666666666666
        sso_role_name = ReadOnlyAccess
        region = us-east-1
        sso_tui_generated = true

        [profile acme-prod-billing]
        sso_session = acme
        sso_account_id = 777777777777
        sso_role_name = BillingAccess
        region = eu-west-1
        sso_tui_generated = true

        [profile legacy-ops]
        sso_start_url = https://old-portal.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 888888888888
        sso_role_name = SecurityAudit
        region = us-east-1

        [profile ci]
        credential_process = /usr/local/bin/ci-credentials --json

        [profile deploy]
        role_arn = arn:aws:iam::777777777777:role/deploy
        source_profile = ci

        [profile static]
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

        """

    static var doc: ConfigDocument {
        do { return try ConfigDocument(text: configText, path: "/home/user/.aws/config") } catch {
            XCTFail("the fixed config does not parse: \(error)")
            return try! ConfigDocument(text: "")
        }
    }

    /// The cached tokens: acme for another 2h 01m (refreshable), sandbox expired but
    /// refreshable, Zürich-東京 logged out.
    static let tokens: [String: (Date, Bool)] = [
        "acme": (now.addingTimeInterval(2 * 3600 + 60 + 30), true),
        "sandbox": (now.addingTimeInterval(-600), true),
    ]

    /// The sessions as `TUIEffectRunner.loadConfig` makes them from the file and the cache.
    static var sessions: [UISession] {
        doc.ssoSessions.compactMap { c in
            guard let u = c.startURL, let r = c.region else { return nil }
            let t = tokens[c.name]
            return UISession(name: c.name, startURL: u, region: r, scopes: c.values["sso_registration_scopes"] != nil ? c.scopes : nil,
                             tokenExpiresAt: t?.0, refreshable: t?.1 ?? false)
        }
    }

    /// The organisation of acme: long, accented, Greek, Japanese and Korean names, one account
    /// without a name, some without an e-mail.
    static let accounts = [
        Account(accountId: "111111111111", accountName: "Zürich", emailAddress: "zurich@acme.example"),
        Account(accountId: "222222222222", accountName: "東京-analytics", emailAddress: "tokyo@acme.example"),
        Account(accountId: "333333333333", accountName: "platform-engineering-shared-services-production-eu-central-1",
                emailAddress: "platform-engineering-shared-services-production@acme.example"),
        Account(accountId: "444444444444", accountName: "São Paulo billing", emailAddress: nil),
        Account(accountId: "555555555555", accountName: "Ελληνικά-dev", emailAddress: "greek-dev@acme.example"),
        Account(accountId: "666666666666", accountName: "acme-dev", emailAddress: "dev@acme.example"),
        Account(accountId: "777777777777", accountName: "acme-prod", emailAddress: "prod@acme.example"),
        Account(accountId: "888888888888", accountName: "security-audit", emailAddress: nil),
        Account(accountId: "999999999999", accountName: nil, emailAddress: nil),
        Account(accountId: "101010101010", accountName: "한국어-sandbox", emailAddress: "kr@acme.example"),
    ]

    static let roles: [String: [String]] = [
        "111111111111": ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "AWSReservedSSO-DataScientist-EU-Restricted-Workloads"],
        "222222222222": ["ReadOnlyAccess", "PowerUserAccess"],
        "333333333333": ["AdministratorAccess"],
        "444444444444": ["BillingAccess"],
        "555555555555": ["PowerUserAccess"],
        "666666666666": ["ReadOnlyAccess", "AdministratorAccess"],
        "777777777777": ["ReadOnlyAccess"],
        "888888888888": ["SecurityAudit"],
        "999999999999": ["ReadOnlyAccess"],
        "101010101010": ["AdministratorAccess"],
    ]

    static var accountRoles: [AccountRole] {
        accounts.flatMap { a in roles[a.accountId, default: []].map { AccountRole(accountId: a.accountId, roleName: $0) } }
    }

    static let zurich = "111111111111"

    /// A device login to Zürich-東京 started 95 s ago: 8:25 left of its 10 minutes.
    static let auth = DeviceAuthorization(deviceCode: "device-code-secret", userCode: "WDJB-MJHT",
                                          verificationUri: "https://device.sso.ap-northeast-1.amazonaws.com/",
                                          verificationUriComplete: "https://device.sso.ap-northeast-1.amazonaws.com/?user_code=WDJB-MJHT",
                                          expiresIn: 600, interval: 5)

    // MARK: - The states

    /// The state after `actions` on a terminal of `size`, from the fixed config.
    static func state(_ size: Size, config: ConfigDocument = doc, sessions: [UISession] = sessions,
                      _ actions: [UIAction] = []) -> TUIState {
        var s = TUIState(ui: UIState(configPath: "/home/user/.aws/config", now: now), noColor: false)
        _ = TUIUpdate.update(&s, .input(.resize(size)))
        _ = TUIUpdate.update(&s, .ui(.configLoaded(sessions: sessions, profiles: config.profiles)))
        for a in actions { _ = TUIUpdate.update(&s, .ui(a)) }
        return s
    }

    /// acme's listing, complete, with Zürich's roles on show.
    static var browsing: [UIAction] {
        [.selectSession("acme"), .listing(session: "acme", .accounts(accounts)),
         .listing(session: "acme", .accountsComplete(total: accounts.count))]
            + accounts.map { a in .listing(session: "acme", .roles(accountId: a.accountId, roles: accountRoles.filter { $0.accountId == a.accountId })) }
            + [.listing(session: "acme", .finished(ListingStats())), .activateAccount(zurich)]
    }

    static func firstRun(_ size: Size) -> TUIState {
        state(size, config: try! ConfigDocument(text: ""), sessions: [])
    }

    static func main(_ size: Size) -> TUIState { state(size, browsing) }

    /// acme browsed, then Enter on Zürich-東京, which is logged out.
    static func login(_ size: Size) -> TUIState {
        state(size, browsing + [.selectSession("Zürich-東京"), .login("Zürich-東京"),
                     .loginStarted(session: "Zürich-東京", auth, startedAt: now.addingTimeInterval(-95))])
    }

    /// Enter on Zürich's PowerUserAccess, which has no profile yet.
    static func editor(_ size: Size) -> TUIState {
        state(size, browsing + [.activateRole(accountId: zurich, role: "PowerUserAccess")])
    }

    /// `P` on acme: the preview the effect runner would send, planned by Core from the fixed
    /// config (adds, one update, one stale profile, the hand-made ones kept).
    static func populate(_ size: Size) -> TUIState {
        var s = state(size, browsing)
        let cmds = TUIUpdate.update(&s, .ui(.openPopulate(accountIds: nil, label: "all \(accounts.count) accounts of acme")))
        for case .perform(.previewPopulate(let req, let gen, let accts, let roles)) in cmds {
            do {
                let (plan, _) = try req.run(on: doc, accounts: accts, roles: roles)
                _ = TUIUpdate.update(&s, .ui(.populatePreviewed(UIPopulatePreview(request: req, generation: gen, plan: plan, accounts: accts))))
            } catch {
                XCTFail("populate plan: \(error)")
            }
        }
        return s
    }

    static func profiles(_ size: Size) -> TUIState { state(size, browsing + [.showProfiles]) }

    /// `?` on the main screen.
    static func help(_ size: Size) -> TUIState {
        var s = main(size)
        _ = TUIUpdate.update(&s, .input(.key(.char("?"))))
        return s
    }
}

// MARK: - Snapshot files

/// `Tests/AppTests/__Snapshots__`, beside this file.
func screenSnapshotDirectory(file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("__Snapshots__")
}

/// The snapshot text of a canvas, in TUIKit's format: `# WxH`, the rows each ending in `|`
/// (trailing blanks stay visible), `# styles`, one style letter per column.
func screenSnapshotText(_ canvas: Canvas) -> String {
    "# \(canvas.width)x\(canvas.height)\n"
        + canvas.lines().map { $0 + "|" }.joined(separator: "\n") + "\n"
        + "# styles\n" + canvas.styleLines().map { $0 + "|" }.joined(separator: "\n") + "\n"
}

/// Compares `canvas` with `__Snapshots__/<name>.txt`. A difference fails with the rows that
/// differ (expected, actual and a caret under the first different column) and the path of the
/// whole actual text. With `TUIKIT_RECORD=1` the file is written instead, and the test fails so
/// that a recording never passes unseen; without it a missing file is a failure, not a recording.
func assertScreenSnapshot(_ canvas: Canvas, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = screenSnapshotDirectory().appendingPathComponent("\(name).txt")
    let text = screenSnapshotText(canvas)
    if ProcessInfo.processInfo.environment["TUIKIT_RECORD"] == "1" {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            XCTFail("Recorded \(name).txt; check it (git diff) and run again without TUIKIT_RECORD", file: file, line: line)
        } catch {
            XCTFail("Could not record \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("No snapshot \(name).txt: record it with TUIKIT_RECORD=1 swift test --filter ScreenSnapshotTests", file: file, line: line)
        return
    }
    guard expected != text else { return }
    let actualURL = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("aws-sso-tui-snapshots/\(name).txt")
    try? FileManager.default.createDirectory(at: actualURL.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? text.write(to: actualURL, atomically: true, encoding: .utf8)
    XCTFail("Snapshot \(name) differs (- expected, + actual):\n\(snapshotDiff(expected: expected, actual: text))"
            + "whole: diff \(url.path) \(actualURL.path)\n"
            + "if the change is meant: TUIKIT_RECORD=1 swift test --filter ScreenSnapshotTests", file: file, line: line)
}

/// The lines that differ, each named by its row of the grid or of the style map, with a caret
/// under the first column that differs. At most `limit` rows are shown.
func snapshotDiff(expected: String, actual: String, limit: Int = 12) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    let stylesAt = a.firstIndex(of: "# styles") ?? e.firstIndex(of: "# styles")
    func label(_ i: Int) -> String {
        if i == 0 { return "size" }
        if let st = stylesAt {
            if i == st { return "styles header" }
            if i > st { return "style row \(i - st - 1)" }
        }
        return "row \(i - 1)"
    }
    var out = "", shown = 0, more = 0
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? e[i] : nil, al = i < a.count ? a[i] : nil
        guard el != al else { continue }
        if shown == limit { more += 1; continue }
        shown += 1
        out += "\(label(i)):\n  - \(el ?? "(no line)")\n  + \(al ?? "(no line)")\n"
        if let el, let al {
            // The width of the common prefix, in columns (wide characters take two).
            var col = 0
            for (x, y) in zip(el, al) {
                guard x == y else { break }
                col += String(x).displayWidth
            }
            out += "    " + String(repeating: " ", count: col) + "^ column \(col + 1)\n"
        }
    }
    if more > 0 { out += "… and \(more) more lines\n" }
    return out
}
