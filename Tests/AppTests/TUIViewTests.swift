import XCTest
import Foundation
@testable import App
import Core
import TUIKit

/// The view is a pure function of the state: every screen renders at every size without
/// crashing, and keeps its promises (no secrets, the code and URL on the login screen).
final class TUIViewTests: XCTestCase {
    let now = Date()

    func state(_ actions: [UIAction], profiles: [ProfileConfig] = []) -> TUIState {
        var s = TUIState(ui: UIState(configPath: "/home/u/.aws/config", now: now), noColor: false)
        let sessions = [UISession(name: "acme", startURL: "https://acme.awsapps.com/start", region: "eu-west-1",
                                  tokenExpiresAt: now.addingTimeInterval(7300), refreshable: true),
                        UISession(name: "Zürich-東京", startURL: "https://z.awsapps.com/start", region: "us-east-1")]
        _ = TUIUpdate.update(&s, .ui(.configLoaded(sessions: sessions, profiles: profiles)))
        for a in actions { _ = TUIUpdate.update(&s, .ui(a)) }
        return s
    }

    let accounts: [Account] = (0..<60).map { (i: Int) -> Account in
        let name: String
        switch i {
        case 7: name = "Zürich"
        case 9: name = "東京-analytics"
        default: name = "team-\(i)-prod"
        }
        let email: String? = i % 5 == 0 ? nil : "aws+\(i)@acme.example"
        return Account(accountId: String(100_000_000_000 + i), accountName: name, emailAddress: email)
    }

    var auth: DeviceAuthorization {
        DeviceAuthorization(deviceCode: "secret-device-code", userCode: "ABCD-EFGH",
                            verificationUri: "https://device.sso.eu-west-1.amazonaws.com/",
                            verificationUriComplete: "https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH",
                            expiresIn: 600, interval: 5)
    }

    func screens() -> [(String, TUIState)] {
        let roles = ListingEvent.roles(accountId: accounts[7].accountId,
                                       roles: [AccountRole(accountId: accounts[7].accountId, roleName: "PowerUserAccess")])
        let browsing: [UIAction] = [.listing(session: "acme", .accounts(accounts)), .listing(session: "acme", roles),
                                    .activateAccount(accounts[7].accountId)]
        var filtering = state(browsing)
        _ = TUIUpdate.update(&filtering, .input(.key(.char("/"))))
        for ch in "zür" { _ = TUIUpdate.update(&filtering, .input(.key(.char(ch)))) }
        var help = state(browsing)
        _ = TUIUpdate.update(&help, .input(.key(.char("?"))))
        return [
            ("first run", { var s = TUIState(ui: UIState(configPath: "/c", now: now), noColor: true)
                            _ = TUIUpdate.update(&s, .ui(.configLoaded(sessions: [], profiles: []))); return s }()),
            ("main", state(browsing)),
            ("filtering", filtering),
            ("login starting", state([.login("acme")])),
            ("login waiting", state([.login("acme"), .loginStarted(session: "acme", auth, startedAt: now)])),
            ("login failed", state([.login("acme"), .loginFailed(session: "acme", "network down")])),
            ("editor", state(browsing + [.activateRole(accountId: accounts[7].accountId, role: "PowerUserAccess")])),
            ("confirm", state(browsing + [.activateRole(accountId: accounts[7].accountId, role: "PowerUserAccess"),
                                          .submitProfile(UIProfileDraft(name: "static", region: "us-east-1", output: "json"))],
                              profiles: [ProfileConfig(name: "static", region: "us-east-1")])),
            ("profiles", state([.showProfiles], profiles: [ProfileConfig(name: "static", region: "us-east-1"),
                                                          ProfileConfig(name: "dev", ssoSession: "acme", ssoAccountId: "1", ssoRoleName: "R")])),
            ("help", help),
            ("login pkce", state([.login("acme"), .switchLoginMethod,
                                  .pkceStarted(session: "acme", url: "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=c&state=s&code_challenge=x",
                                               callback: "http://127.0.0.1:4242/oauth/callback", startedAt: now)])),
            ("populate", populateState(browsing)),
            ("expiry warning", { var s = state([])
                                 _ = TUIUpdate.update(&s, .ui(.tokensRead(["Zürich-東京": UITokenState(expiresAt: now.addingTimeInterval(300), refreshable: false)])))
                                 _ = TUIUpdate.update(&s, .ui(.tick(now))); return s }()),
        ]
    }

    /// The populate screen for every account, with a preview of 60 new profiles.
    func populateState(_ browsing: [UIAction]) -> TUIState {
        var actions = browsing + [.listing(session: "acme", .accountsComplete(total: 60))]
        for a in accounts {
            actions.append(.listing(session: "acme", .roles(accountId: a.accountId, roles: [AccountRole(accountId: a.accountId, roleName: "ReadOnlyAccess")])))
        }
        actions += [.listing(session: "acme", .finished(ListingStats())), .openPopulate(accountIds: nil, label: "all 60 accounts of acme")]
        var s = state(actions)
        let p = s.ui.populate!
        let plan = p.accounts.enumerated().reduce(into: PopulatePlan()) { plan, e in
            plan.added.append(.init(name: "profile-\(e.offset)-東京", accountId: e.element.accountId, roleName: "ReadOnlyAccess"))
        }
        _ = TUIUpdate.update(&s, .ui(.populatePreviewed(UIPopulatePreview(request: p.initial, generation: p.generation, plan: plan,
                                                                            accounts: p.accounts))))
        return s
    }

    func testPopulateScreenAndStatusLine() {
        var s = populateState([.listing(session: "acme", .accounts(accounts))])
        _ = TUIUpdate.update(&s, .input(.resize(Size(width: 120, height: 40))))
        var text = TUIView.render(s, Size(width: 120, height: 40)).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Populate · all 60 accounts of acme"))
        XCTAssertTrue(text.contains("Preview: 60 to add, 0 to update, 0 unchanged"))
        XCTAssertTrue(text.contains("+ profile-0-東京"))
        XCTAssertTrue(text.contains("token: acme 2h 01m"), "the soonest expiry is in the top line")
        XCTAssertTrue(text.contains("1-26 of 60 · PgUp/PgDn"), text)
        _ = TUIUpdate.update(&s, .input(.key(.pageDown)))
        text = TUIView.render(s, Size(width: 120, height: 40)).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("27-52 of 60"), "PgDn moves by the rows shown: \(text)")
        // Typing in the template asks for a new plan, once per change.
        var cmds = TUIUpdate.update(&s, .input(.key(.char("x"))))
        guard case .perform(.previewPopulate(let req, 2, _, _))? = cmds.first else { return XCTFail("\(cmds)") }
        XCTAssertEqual(req.template, "{account_name}-{role_name}x")
        XCTAssertTrue(TUIUpdate.update(&s, .input(.key(.right))).isEmpty, "no change, no plan")
        cmds = TUIUpdate.update(&s, .input(.key(.ctrl("u"))))
        XCTAssertTrue(cmds.isEmpty, "an empty template is an error, not a plan")
        XCTAssertTrue(s.ui.populate!.error!.hasPrefix("Template:"))
    }

    func testEveryScreenRendersAtEverySize() {
        let sizes = [(0, 0), (1, 1), (10, 3), (39, 9), (40, 10), (45, 12), (59, 20), (60, 15), (80, 24), (99, 30), (100, 30), (200, 50)]
        for (name, s) in screens() {
            for (w, h) in sizes {
                let c = TUIView.render(s, Size(width: w, height: h))
                XCTAssertEqual(c.size, Size(width: w, height: h), name)
                let text = c.lines().joined(separator: "\n")
                XCTAssertFalse(text.contains("secret-device-code"), "\(name) \(w)x\(h)")
                if w < 40 || h < 10, w > 20, h > 2 { XCTAssertTrue(text.contains("Window too small"), "\(name) \(w)x\(h)") }
            }
        }
    }

    func testLoginScreenShowsCodeURLCountdownAndQRWhenItFits() {
        let s = state([.login("acme"), .loginStarted(session: "acme", auth, startedAt: now)])
        let small = TUIView.render(s, Size(width: 80, height: 24)).lines().joined(separator: "\n")
        XCTAssertTrue(small.contains("Code: ABCD-EFGH"))
        XCTAssertTrue(small.contains("https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH"))
        XCTAssertTrue(small.contains("Expires in 10:00"))
        XCTAssertTrue(small.contains("█"), "the code in big letters")
        let big = TUIView.render(s, Size(width: 200, height: 50)).lines().joined(separator: "\n")
        XCTAssertGreaterThan(big.filter { $0 == "▀" || $0 == "▄" }.count, 50, "a QR code")
    }

    func testAccountsPaneSortedWithCountIdAndRoleProfileName() {
        let p = ProfileConfig(name: "zh-power", ssoSession: "acme", ssoAccountId: accounts[7].accountId, ssoRoleName: "PowerUserAccess")
        var s = state([], profiles: [p])
        for a: UIAction in [.listing(session: "acme", .accounts(accounts)), .listing(session: "acme", .accountsComplete(total: 60)),
                            .listing(session: "acme", .roles(accountId: accounts[7].accountId,
                                roles: [AccountRole(accountId: accounts[7].accountId, roleName: "PowerUserAccess")])),
                            .activateAccount(accounts[7].accountId)] {
            _ = TUIUpdate.update(&s, .ui(a))
        }
        let text = TUIView.render(s, Size(width: 200, height: 50)).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Accounts (60)"))
        XCTAssertTrue(text.contains("Roles · Zürich"))
        XCTAssertTrue(text.contains("PowerUserAccess"))
        XCTAssertTrue(text.contains("→ zh-power"))
        XCTAssertTrue(text.contains(accounts[7].accountId))
        XCTAssertTrue(text.contains("acme") && text.contains("● 2h 01m"))
    }
}
