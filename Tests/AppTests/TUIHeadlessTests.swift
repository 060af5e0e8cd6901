import XCTest
import Foundation
@testable import App
import Core
import TUIKit

/// The TUI loop driven through `HeadlessTerminal`: real update/view/keys, the real effect runner
/// for config and cache files, and scripted answers for the network effects.
final class TUIHeadlessTests: XCTestCase {
    var dir: String!
    var configPath: String { dir + "/.aws/config" }

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "tui-headless-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/.aws", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    let accounts = [
        Account(accountId: "222222222222", accountName: "zeta-prod", emailAddress: "z@x"),
        Account(accountId: "111111111111", accountName: "Zürich", emailAddress: nil),
        Account(accountId: "333333333333", accountName: "acme-dev", emailAddress: "a@x"),
    ]

    /// Records effects; answers network ones from a script.
    final class Fake: @unchecked Sendable {
        let lock = NSLock()
        var effects: [UIEffect] = []
        var accounts: [Account] = []
        func record(_ e: UIEffect) { lock.lock(); effects.append(e); lock.unlock() }
        func count(_ f: (UIEffect) -> Bool) -> Int { lock.lock(); defer { lock.unlock() }; return effects.filter(f).count }
    }

    func makeRuntime(_ fake: Fake) throws -> Runtime<TUIState, TUIMsg, UIEffect> {
        let env = ["HOME": dir!, "PATH": "/usr/bin:/bin"]
        let global = try GlobalOptions.parse(["--config", configPath])
        let runner = TUIEffectRunner(global: global, environment: env)
        let accounts = fake.accounts
        return TUIProgram.makeRuntime(global: global, environment: env, runner: runner, perform: { effect, d in
            fake.record(effect)
            switch effect {
            case .loadConfig, .editConfig:
                await runner.run(effect) { d.send(.ui($0)) }
            case .login(let n, _):
                let auth = DeviceAuthorization(deviceCode: "dc", userCode: "WXYZ-2345", verificationUri: "http://emu/device",
                                               verificationUriComplete: "http://emu/device?user_code=WXYZ-2345",
                                               expiresIn: 600, interval: 1)
                d.send(.ui(.loginStarted(session: n, auth, startedAt: Date())))
            case .listAccounts(let n):
                d.send(.ui(.listing(session: n, .accounts(accounts))))
                d.send(.ui(.listing(session: n, .accountsComplete(total: accounts.count))))
                for a in accounts {
                    d.send(.ui(.listing(session: n, .roles(accountId: a.accountId,
                        roles: [AccountRole(accountId: a.accountId, roleName: "ReadOnlyAccess"),
                                AccountRole(accountId: a.accountId, roleName: "AdministratorAccess")]))))
                }
                d.send(.ui(.listing(session: n, .finished(ListingStats()))))
            default:
                break
            }
        })
    }

    func start(_ rt: Runtime<TUIState, TUIMsg, UIEffect>, _ term: HeadlessTerminal) {
        let box = UncheckedRT(rt: rt)
        Task.detached { _ = try? await box.rt.run(on: term) }
    }

    struct UncheckedRT: @unchecked Sendable { let rt: Runtime<TUIState, TUIMsg, UIEffect> }

    func wait(_ term: HeadlessTerminal, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        if !term.waitForScreen(timeout: 5, { $0.contains(text) }) {
            XCTFail("\(text) not on screen:\n" + term.screen.lines().joined(separator: "\n"), file: file, line: line)
        }
    }

    let prelude = "# notes\n[profile static]\nregion = us-west-2\n\n[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n"

    func testLoginBrowseFilterAndSaveProfile() throws {
        try prelude.write(toFile: configPath, atomically: true, encoding: .utf8)
        let fake = Fake()
        fake.accounts = accounts
        let rt = try makeRuntime(fake)
        let term = HeadlessTerminal(size: Size(width: 80, height: 24))
        start(rt, term)
        wait(term, "logged out")
        term.send(.key(.enter))
        wait(term, "Code: WXYZ-2345")
        wait(term, "http://emu/device?user_code=WXYZ-2345")
        XCTAssertEqual(fake.count { if case .openBrowser = $0 { return true }; return false }, 1, "browser opened once")
        term.send(.key(.char("o")))
        XCTAssertTrue(term.waitForScreen { _ in fake.count { if case .openBrowser = $0 { return true }; return false } == 2 })
        rt.dispatcher.send(.ui(.loginSucceeded(session: "acme", expiresAt: Date().addingTimeInterval(3600))))
        wait(term, "Accounts (3)")
        wait(term, "Enter roles")     // focus on Accounts
        // Sorted by name.
        let lines = term.screen.lines()
        let iAcme = lines.firstIndex { $0.contains("acme-dev") }!, iZeta = lines.firstIndex { $0.contains("zeta-prod") }!
        XCTAssertLessThan(iAcme, iZeta)
        term.send(.key(.char("/")))
        term.type("zür")
        wait(term, "1/3")
        term.send(.key(.enter))
        wait(term, "Roles · Zürich")
        wait(term, "Enter profile")   // the Roles pane has the focus: its key hints are shown
        wait(term, "ReadOnlyAccess")
        term.send(.key(.down))
        term.send(.key(.enter))
        wait(term, "New profile")
        wait(term, "zurich-readonly")
        term.send(.key(.enter))
        wait(term, "Saved profile zurich-readonly")
        wait(term, "export AWS_PROFILE=zurich-readonly")
        wait(term, "→ zurich-readonly")
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix(prelude))
        XCTAssertEqual(String(text.dropFirst(prelude.count)).drop(while: { $0 == "\n" }),
                       "[profile zurich-readonly]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\noutput = json\n")
        term.send(.key(.char("q")))
        XCTAssertTrue(term.waitUntilStopped())
    }

    func testFirstRunFormValidatesAndSaves() throws {
        let fake = Fake()
        let rt = try makeRuntime(fake)
        let term = HeadlessTerminal(size: Size(width: 80, height: 24))
        start(rt, term)
        wait(term, "First run")
        term.type("my sso")
        term.send(.key(.tab))
        wait(term, "no spaces in a session name")
        term.send(.key(.backTab))
        term.send(.key(.ctrl("u")))
        term.type("corp")
        term.send(.key(.tab))
        term.type("d-1234567890")
        wait(term, "Start URL will be https://d-1234567890.awsapps.com/start")
        term.send(.key(.tab))
        term.type("eu-cen")   // the region pick-list filters as you type
        wait(term, "eu-central-1")
        term.send(.key(.enter))
        term.send(.key(.enter))
        wait(term, "Saved sso-session corp")
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        XCTAssertEqual(text, "[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n")
        term.send(.key(.ctrl("c")))
        XCTAssertTrue(term.waitUntilStopped())
    }

    func testSmallAndNarrowWindows() throws {
        try prelude.write(toFile: configPath, atomically: true, encoding: .utf8)
        let fake = Fake()
        let rt = try makeRuntime(fake)
        let term = HeadlessTerminal(size: Size(width: 30, height: 8))
        start(rt, term)
        wait(term, "Window too small")
        term.resize(to: Size(width: 120, height: 30))
        wait(term, "Sessions")
        let wide = term.screen.lines().joined(separator: "\n")
        XCTAssertTrue(wide.contains("Accounts") && wide.contains("Roles"))
        term.resize(to: Size(width: 50, height: 20))
        XCTAssertTrue(term.waitForScreen { $0.contains("┏ Sessions") && !$0.contains("Roles") && !$0.contains("Accounts") },
                      "narrow: only the focused pane")
        term.send(.key(.tab))
        XCTAssertTrue(term.waitForScreen { $0.contains("┏ Accounts") && !$0.contains("Sessions") })
        term.send(.key(.char("?")))
        wait(term, "Keys")
        term.send(.key(.escape))
        term.send(.key(.char("q")))
        XCTAssertTrue(term.waitUntilStopped())
    }

    func testProfilesViewDeleteAsksAndNonSSOIsReadOnly() throws {
        try (prelude + "\n[profile dev]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let fake = Fake()
        let rt = try makeRuntime(fake)
        let term = HeadlessTerminal(size: Size(width: 100, height: 30))
        start(rt, term)
        wait(term, "logged out")
        term.send(.key(.char("p")))
        wait(term, "Profiles in")
        wait(term, "not SSO")
        term.send(.key(.char("e")))   // "static" is first: read-only
        wait(term, "read-only")
        term.send(.key(.down))
        term.send(.key(.char("d")))
        wait(term, "Delete profile dev")
        term.send(.key(.char("n")))
        XCTAssertTrue(term.waitForScreen { !$0.contains("Delete profile dev") })
        XCTAssertTrue(try String(contentsOfFile: configPath, encoding: .utf8).contains("[profile dev]"))
        term.send(.key(.char("d")))
        wait(term, "Delete profile dev")
        term.send(.key(.char("y")))
        wait(term, "Deleted profile dev")
        let after = try String(contentsOfFile: configPath, encoding: .utf8)
        XCTAssertTrue(after.hasPrefix(prelude))
        XCTAssertEqual(after.dropFirst(prelude.count).trimmingCharacters(in: .newlines), "")
        term.send(.key(.char("q")))
        XCTAssertTrue(term.waitUntilStopped())
    }

    func testOverwriteAsksAndLoginErrorsShowInPlace() throws {
        try (prelude + "\n[profile taken]\nregion = us-east-1\n").write(toFile: configPath, atomically: true, encoding: .utf8)
        let fake = Fake()
        fake.accounts = accounts
        let rt = try makeRuntime(fake)
        let term = HeadlessTerminal(size: Size(width: 100, height: 30))
        start(rt, term)
        wait(term, "logged out")
        term.send(.key(.enter))
        wait(term, "Code: WXYZ-2345")
        rt.dispatcher.send(.ui(.loginFailed(session: "acme", "the login was denied in the browser")))
        wait(term, "Login failed: the login was denied in the browser")
        wait(term, "r retry")
        term.send(.key(.char("r")))
        wait(term, "Code: WXYZ-2345")
        XCTAssertEqual(fake.count { $0 == .login(session: "acme") }, 2)
        rt.dispatcher.send(.ui(.loginSucceeded(session: "acme", expiresAt: Date().addingTimeInterval(3600))))
        wait(term, "Accounts (3)")
        term.send(.key(.enter))           // acme-dev: its roles
        wait(term, "Enter profile")
        term.send(.key(.enter))           // AdministratorAccess
        wait(term, "acme-dev-administrator")
        term.send(.key(.ctrl("u")))
        term.type("taken")
        wait(term, "A profile named taken exists")
        term.send(.key(.enter))
        wait(term, "Overwrite profile?")
        term.send(.key(.char("n")))
        XCTAssertTrue(term.waitForScreen { !$0.contains("Overwrite profile?") && $0.contains("New profile") })
        term.send(.key(.enter))
        wait(term, "Overwrite profile?")
        term.send(.key(.char("y")))
        wait(term, "Saved profile taken")
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix(prelude))
        XCTAssertTrue(text.contains("[profile taken]\nsso_session = acme\nsso_account_id = 333333333333\nsso_role_name = AdministratorAccess\n"))
        XCTAssertEqual(text.components(separatedBy: "[profile taken]").count, 2)
        term.send(.key(.char("q")))
        XCTAssertTrue(term.waitUntilStopped())
    }
}
