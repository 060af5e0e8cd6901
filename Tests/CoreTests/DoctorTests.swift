import Foundation
import XCTest
@testable import Core

/// An in-memory ``DoctorFileSystem``: paths -> (kind, mode, owner, content).
final class MemoryFS: DoctorFileSystem, @unchecked Sendable {
    struct Node { var info: DoctorFileInfo; var data: Data? }
    let lock = NSLock()
    var nodes: [String: Node] = [:]
    var unreadable: Set<String> = []
    let userID: UInt32 = 1000

    func dir(_ p: String, mode: UInt32 = 0o700, owner: UInt32 = 1000) {
        nodes[p] = Node(info: DoctorFileInfo(kind: .directory, mode: mode, owner: owner), data: nil)
    }
    func file(_ p: String, _ text: String, mode: UInt32 = 0o600, owner: UInt32 = 1000) {
        nodes[p] = Node(info: DoctorFileInfo(kind: .file, mode: mode, owner: owner), data: Data(text.utf8))
    }
    func info(_ path: String) -> DoctorFileInfo? { lock.lock(); defer { lock.unlock() }; return nodes[path]?.info }
    func list(_ directory: String) -> [String]? {
        lock.lock(); defer { lock.unlock() }
        guard nodes[directory]?.info.kind == .directory else { return nil }
        let prefix = directory + "/"
        return nodes.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
            .map { String($0.dropFirst(prefix.count)) }
    }
    func read(_ path: String) -> DoctorRead {
        lock.lock(); defer { lock.unlock() }
        guard let n = nodes[path] else { return .missing }
        if unreadable.contains(path) { return .denied }
        if n.info.owner != userID && n.info.mode & 0o044 == 0 { return .denied }
        if n.info.owner == userID && n.info.mode & 0o400 == 0 { return .denied }
        return n.data.map(DoctorRead.data) ?? .failed("is a directory")
    }
    func isReadableFile(_ path: String) -> Bool { if case .data = read(path) { return true }; return false }
    func setMode(_ path: String, _ mode: UInt32) throws { lock.lock(); nodes[path]?.info.mode = mode; lock.unlock() }
    func remove(_ path: String) throws { lock.lock(); nodes[path] = nil; lock.unlock() }
    func replace(_ path: String, with data: Data) throws {
        lock.lock(); nodes[path] = Node(info: DoctorFileInfo(kind: .file, mode: 0o600, owner: userID), data: data); lock.unlock()
    }
}

final class DoctorTests: XCTestCase {
    let home = "/home/u"
    var sso: String { home + "/.aws/sso/cache" }
    var cli: String { home + "/.aws/cli/cache" }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let config = """
        [sso-session acme]
        sso_start_url = https://acme.awsapps.com/start
        sso_region = us-east-1

        [profile dev]
        sso_session = acme
        sso_account_id = 111111111111
        sso_role_name = Admin

        [profile legacy]
        sso_start_url = https://old.awsapps.com/start
        sso_region = eu-west-1
        sso_account_id = 222222222222
        sso_role_name = Old

        """

    func iso(_ d: TimeInterval) -> String { AWSTime.format(now.addingTimeInterval(d)) }

    func token(start: String = "https://acme.awsapps.com/start", region: String = "us-east-1", expiresIn: TimeInterval = 3600,
               refresh: Bool = true, registrationIn: TimeInterval = 86400 * 30) -> String {
        var s = "{\"startUrl\": \"\(start)\", \"region\": \"\(region)\", \"accessToken\": \"aoa-SECRET\", \"expiresAt\": \"\(iso(expiresIn))\""
        if refresh {
            s += ", \"clientId\": \"cid\", \"clientSecret\": \"cs-SECRET\", \"registrationExpiresAt\": \"\(iso(registrationIn))\", \"refreshToken\": \"aor-SECRET\""
        }
        return s + "}"
    }

    func tokenPath(_ key: String) -> String { "\(sso)/\(SHA1Hex.of(key)).json" }

    /// A healthy HOME: acme and the legacy start URL logged in, modes right.
    func healthy() -> MemoryFS {
        let fs = MemoryFS()
        fs.dir(sso)
        fs.dir(cli)
        fs.file(tokenPath("acme"), token())
        fs.file(tokenPath("https://old.awsapps.com/start"), token(start: "https://old.awsapps.com/start", region: "eu-west-1",
                                                                    expiresIn: 7200, refresh: false))
        return fs
    }

    func run(_ fs: MemoryFS, config: String = DoctorTests.config, env: [String: String] = [:], credentials: String = "",
             session: String? = nil) -> [DoctorFinding] {
        let load: DoctorConfigLoad
        do { load = .parsed(try ConfigDocument(text: config, path: home + "/.aws/config")) }
        catch let e as ConfigParseError { load = .parseError(e) }
        catch { fatalError("\(error)") }
        let input = DoctorInput(configPath: home + "/.aws/config", config: load, credentialsPath: home + "/.aws/credentials",
                                credentials: .parsed(try! ConfigDocument(text: credentials)), environment: env, home: home,
                                now: now, session: session)
        return Doctor.findings(input, fs: fs)
    }

    /// The problems (not ok) as (check, status, subject).
    func problems(_ fs: [DoctorFinding]) -> [String] {
        fs.filter { $0.status != .ok }.map { "\($0.status.rawValue) \($0.check.rawValue) \($0.subject)" }
    }

    func testHealthyHomeReportsOnlyOK() {
        let f = run(healthy())
        XCTAssertEqual(problems(f), [])
        XCTAssertEqual(f.exitCode, 0)
        // One ok per global check and one per session.
        let checks = Set(f.map(\.check))
        for c: DoctorCheck in [.configParse, .profileSessionMissing, .sessionDuplicateStartURL, .envCredentialsShadow,
                               .envProfileMissing, .envProfileConflict, .envCABundleMissing, .cachePermissions,
                               .cacheOrphan, .cacheUnreadable, .tokenExpired] {
            XCTAssertTrue(checks.contains(c), "\(c)")
        }
        XCTAssertEqual(f.filter { $0.check == .tokenExpired }.map(\.subject),
                       ["sso-session acme", "start URL https://old.awsapps.com/start"])
        XCTAssertFalse(f.contains { $0.message.contains("-SECRET") || ($0.fix ?? "").contains("-SECRET") })
    }

    func testConfigParseErrorNamesFileAndLineAndSkipsConfigChecks() {
        let fs = healthy()
        fs.file(tokenPath("someone-else"), token())   // would be an orphan, but the config is unknown
        let f = run(fs, config: "[profile a]\nregion = x\nno delimiter here\n")
        XCTAssertEqual(problems(f), ["fail config-parse \(home)/.aws/config:3"])
        XCTAssertFalse(f.contains { $0.check == .cacheOrphan })
        XCTAssertFalse(f.contains { $0.check == .tokenMissing })
        XCTAssertEqual(f.exitCode, 1)
    }

    func testSessionWithoutRegionIsAConfigFinding() {
        let f = run(healthy(), config: Self.config + "[sso-session half]\nsso_start_url = https://h.awsapps.com/start\n")
        XCTAssertEqual(problems(f), ["fail config-parse \(home)/.aws/config:15"])
        XCTAssertTrue(f.first { $0.status == .fail }!.message.contains("no sso_region"))
    }

    func testProfileSessionMissing() {
        let f = run(healthy(), config: Self.config + "[profile stray]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n")
        XCTAssertEqual(problems(f), ["fail profile-session-missing profile stray"])
        XCTAssertEqual(f.first { $0.status == .fail }?.fix, "aws-sso-tui sessions add gone --start-url URL --region REGION")
    }

    func testDuplicateStartURLIsAWarning() {
        let fs = healthy()
        fs.file(tokenPath("twin"), token())
        let f = run(fs, config: Self.config + "[sso-session twin]\nsso_start_url = https://ACME.awsapps.com/start/\nsso_region = us-east-1\n")
        XCTAssertEqual(problems(f), ["warn session-duplicate-start-url sso-session twin"])
        XCTAssertEqual(f.exitCode, 0)
    }

    func testEnvironmentCredentialsShadowProfiles() {
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_PROFILE": "dev"])),
                       ["fail env-credentials-shadow AWS_ACCESS_KEY_ID"])
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_ACCESS_KEY_ID": "AKIA"])), ["fail env-credentials-shadow AWS_ACCESS_KEY_ID"])
        // Nothing shadowed (no AWS_PROFILE, no [default]): only a warning.
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"])),
                       ["warn env-credentials-shadow AWS_ACCESS_KEY_ID"])
        XCTAssertEqual(problems(run(healthy(), config: Self.config + "[default]\nregion = us-east-1\n",
                                    env: ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"])),
                       ["fail env-credentials-shadow AWS_ACCESS_KEY_ID"])
        let f = run(healthy(), env: ["AWS_ACCESS_KEY_ID": "AKIA-VALUE", "AWS_SECRET_ACCESS_KEY": "SECRET-VALUE", "AWS_PROFILE": "dev"])
        XCTAssertFalse(f.contains { $0.message.contains("SECRET-VALUE") || $0.message.contains("AKIA-VALUE") })
    }

    func testEnvironmentProfileMissingAndConflict() {
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_PROFILE": "prod"])), ["fail env-profile-missing AWS_PROFILE"])
        // A profile of the credentials file exists for the SDKs too.
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_PROFILE": "static"], credentials: "[static]\naws_access_key_id = x\n")), [])
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "legacy"])),
                       ["fail env-profile-conflict AWS_PROFILE"])
        XCTAssertEqual(problems(run(healthy(), env: ["AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev"])), [])
    }

    func testCABundleMissing() {
        let fs = healthy()
        XCTAssertEqual(problems(run(fs, env: ["AWS_CA_BUNDLE": "/nope.pem"])), ["fail env-ca-bundle-missing AWS_CA_BUNDLE"])
        fs.file("/etc/ca.pem", "pem")
        XCTAssertEqual(problems(run(fs, env: ["AWS_CA_BUNDLE": "/etc/ca.pem"])), [])
        XCTAssertEqual(problems(run(fs, config: Self.config.replacingOccurrences(of: "sso_role_name = Admin", with: "sso_role_name = Admin\nca_bundle = /gone.pem"))),
                       ["fail env-ca-bundle-missing profile dev"])
    }

    func testTokenMissingExpiredExpiringMismatchRegistration() {
        let fs = healthy()
        fs.nodes[tokenPath("acme")] = nil
        var f = run(fs)
        XCTAssertEqual(problems(f), ["fail token-missing sso-session acme"])
        XCTAssertEqual(f.first { $0.status == .fail }?.repairs, [.login(DoctorLoginTarget(session: "acme", profile: nil))])

        fs.file(tokenPath("acme"), token(expiresIn: -60, refresh: false))
        XCTAssertEqual(problems(run(fs)), ["fail token-expired sso-session acme"])
        // Expired but refreshable: botocore refreshes it on the next use.
        fs.file(tokenPath("acme"), token(expiresIn: -60))
        XCTAssertEqual(problems(run(fs)), [])
        // Expired and the registration too: one finding (token-expired), saying why.
        fs.file(tokenPath("acme"), token(expiresIn: -60, registrationIn: -10))
        f = run(fs)
        XCTAssertEqual(problems(f), ["fail token-expired sso-session acme"])
        XCTAssertTrue(f.first { $0.status == .fail }!.message.contains("registration expired"))

        fs.file(tokenPath("acme"), token(expiresIn: 3000, registrationIn: -10))
        XCTAssertEqual(problems(run(fs)), ["fail registration-expired sso-session acme"])

        fs.file(tokenPath("acme"), token(expiresIn: 600))   // inside the window, refreshable: fine
        XCTAssertEqual(problems(run(fs)), [])
        fs.file(tokenPath("https://old.awsapps.com/start"), token(start: "https://old.awsapps.com/start", region: "eu-west-1",
                                                                    expiresIn: 600, refresh: false))
        f = run(fs)
        XCTAssertEqual(problems(f), ["warn token-expiring start URL https://old.awsapps.com/start"])
        XCTAssertEqual(f.first { $0.status == .warn }?.fix, "aws-sso-tui login --profile legacy")

        fs.file(tokenPath("acme"), token(start: "https://other.awsapps.com/start"))
        XCTAssertEqual(problems(run(fs)), ["fail token-session-mismatch sso-session acme",
                                           "warn token-expiring start URL https://old.awsapps.com/start"])
        fs.file(tokenPath("acme"), token(region: "eu-central-1"))
        XCTAssertTrue(problems(run(fs)).contains("fail token-session-mismatch sso-session acme"))
        // A trailing slash is the same portal.
        fs.file(tokenPath("acme"), token(start: "https://acme.awsapps.com/start/"))
        XCTAssertFalse(problems(run(fs)).contains("fail token-session-mismatch sso-session acme"))
    }

    func testExpiredSessionRepairsRemoveItsRoleCredentials() {
        let fs = healthy()
        fs.file(tokenPath("acme"), token(expiresIn: -60, refresh: false))
        let key = RoleCredentialCache.key(accountId: "111111111111", roleName: "Admin", sessionName: "acme", startURL: nil)
        let creds = "\(cli)/\(key).json"
        fs.file(creds, "{\"ProviderType\": \"sso\", \"Credentials\": {\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"SessionToken\": \"T\", \"Expiration\": \"\(iso(600))\"}}")
        let other = "\(cli)/\(String(repeating: "a", count: 40)).json"   // another provider's entry
        fs.file(other, "{\"Credentials\": {}}")
        let f = run(fs)
        XCTAssertEqual(f.first { $0.status == .fail }?.repairs,
                       [.remove(path: creds), .login(DoctorLoginTarget(session: "acme", profile: nil))])
        let outcomes = DoctorFixer.applyFileRepairs(f, fs: fs, now: now)
        XCTAssertEqual(outcomes.map(\.ok), [true])
        XCTAssertNil(fs.nodes[creds])
        XCTAssertNotNil(fs.nodes[other])
        XCTAssertNotNil(fs.nodes[tokenPath("acme")], "the token stays (a login replaces it)")
    }

    func testCachePermissionsAndOwnershipAreRepaired() {
        let fs = healthy()
        fs.dir(sso, mode: 0o755)
        fs.nodes[tokenPath("acme")]!.info.mode = 0o644
        fs.nodes[tokenPath("https://old.awsapps.com/start")]!.info.owner = 0   // sudo aws sso login
        fs.nodes[tokenPath("https://old.awsapps.com/start")]!.info.mode = 0o644
        let f = run(fs)
        XCTAssertEqual(problems(f).sorted(), [
            "fail cache-permissions \(tokenPath("acme"))",
            "fail cache-permissions \(tokenPath("https://old.awsapps.com/start"))",
            "warn cache-permissions \(sso)",
        ].sorted())
        let before = fs.nodes[tokenPath("https://old.awsapps.com/start")]!.data
        let outcomes = DoctorFixer.applyFileRepairs(f, fs: fs, now: now)
        XCTAssertTrue(outcomes.allSatisfy(\.ok), "\(outcomes)")
        XCTAssertEqual(outcomes.count, 3)
        XCTAssertEqual(problems(run(fs)), [])
        XCTAssertEqual(fs.nodes[tokenPath("https://old.awsapps.com/start")]!.info.owner, 1000)
        XCTAssertEqual(fs.nodes[tokenPath("https://old.awsapps.com/start")]!.data, before)
    }

    func testAnotherUsersDirectoryIsReportedAndNotRepaired() {
        let fs = healthy()
        fs.dir(sso, mode: 0o755, owner: 0)
        fs.nodes[tokenPath("acme")]!.info.owner = 0
        fs.nodes[tokenPath("acme")]!.info.mode = 0o644
        let f = run(fs)
        XCTAssertEqual(problems(f), ["fail cache-permissions \(sso)", "fail cache-permissions \(tokenPath("acme"))"])
        XCTAssertTrue(f.filter { $0.status == .fail }.allSatisfy { $0.repairs.isEmpty && ($0.fix ?? "").hasPrefix("sudo chown") })
        XCTAssertEqual(DoctorFixer.applyFileRepairs(f, fs: fs, now: now), [])
    }

    func testUnreadableOtherOwnerFileIsNotRemovedAndNotJudged() {
        let fs = healthy()
        fs.nodes[tokenPath("acme")]!.info.owner = 0   // root's, 0600: we cannot read it
        let f = run(fs)
        XCTAssertEqual(problems(f), ["fail cache-permissions \(tokenPath("acme"))"])
        XCTAssertTrue(f.first { $0.status == .fail }!.repairs.isEmpty)
        XCTAssertEqual(f.first { $0.status == .fail }!.scope, .session("acme"))
    }

    func testOrphansAndWhatIsNotAnOrphan() {
        let fs = healthy()
        let orphan = tokenPath("renamed-session")
        fs.file(orphan, token())
        // Not orphans: a registration file, the legacy key of a configured session's start URL,
        // another tool's file, and the token of a session in ~/.aws/config when another config is used.
        fs.file("\(sso)/\(SSOCache.registrationKey(startURL: "https://gone/start", region: "us-east-1", scopes: nil, sessionName: "gone")).json",
                "{\"clientId\": \"c\", \"clientSecret\": \"s\", \"expiresAt\": \"\(iso(1000))\"}")
        fs.file(tokenPath("https://acme.awsapps.com/start"), token())
        fs.file("\(sso)/kiro-auth-token.json", "{\"accessToken\": \"x\"}")
        fs.file("\(sso)/aws-toolkit-garbage.json", "not json")
        let f = run(fs)
        XCTAssertEqual(problems(f), ["warn cache-orphan \(orphan)"])
        XCTAssertEqual(f.exitCode, 0)
        XCTAssertEqual(DoctorFixer.applyFileRepairs(f, fs: fs, now: now).map(\.ok), [true])
        XCTAssertNil(fs.nodes[orphan])
        XCTAssertEqual(fs.nodes.count, 8)   // 2 dirs, 2 tokens, registration, legacy key of acme, 2 other tools' files
        // AWS_DEFAULT_SSO_START_URL (aws-sso-util) makes its start URL's token known.
        fs.file(tokenPath("https://util.awsapps.com/start"), token())
        XCTAssertEqual(problems(run(fs, env: ["AWS_DEFAULT_SSO_START_URL": "https://util.awsapps.com/start"])), [])
    }

    func testOtherConfigKeepsItsSessionsTokens() {
        let fs = healthy()
        fs.file(tokenPath("home-session"), token())
        let other = try! ConfigDocument(text: "[sso-session home-session]\nsso_start_url = https://h/start\nsso_region = us-east-1\n")
        let input = DoctorInput(configPath: "/proj/config", config: .parsed(try! ConfigDocument(text: Self.config)),
                                credentialsPath: "/x", credentials: .parsed(.empty()), otherConfigs: [other],
                                environment: [:], home: home, now: now)
        XCTAssertEqual(problems(Doctor.findings(input, fs: fs)), [])
    }

    func testUnreadableCacheFiles() {
        let fs = healthy()
        fs.file(tokenPath("acme"), "{\"accessToken\": \"aoa-SECRET\", \"expi")   // half-written
        let bad = "\(cli)/\(String(repeating: "b", count: 40)).json"
        fs.file(bad, "")
        let badCreds = "\(cli)/\(String(repeating: "c", count: 40)).json"
        fs.file(badCreds, "{\"ProviderType\": \"sso\", \"Credentials\": {\"AccessKeyId\": \"A\"}}")
        var f = run(fs)
        // The session's token file: one finding (cache-unreadable, for the session), no token-missing.
        XCTAssertEqual(problems(f), ["fail cache-unreadable \(tokenPath("acme"))", "fail cache-unreadable \(bad)",
                                     "fail cache-unreadable \(badCreds)"])
        XCTAssertEqual(f.first { $0.subject == tokenPath("acme") }?.scope, .session("acme"))
        XCTAssertEqual(f.first { $0.subject == tokenPath("acme") }?.repairs,
                       [.remove(path: tokenPath("acme")), .login(DoctorLoginTarget(session: "acme", profile: nil))])
        XCTAssertFalse(f.contains { $0.message.contains("-SECRET") })
        _ = DoctorFixer.applyFileRepairs(f, fs: fs, now: now, protectedTokens: [tokenPath("acme")])
        f = run(fs)
        XCTAssertEqual(problems(f), ["fail token-missing sso-session acme"], "after --fix only the login is left")
    }

    func testFixerNeverRemovesAValidTokenOfAConfiguredSession() {
        let fs = healthy()
        let p = tokenPath("acme")
        fs.file(p, "garbage")
        let f = run(fs)
        fs.file(p, token())   // a login wrote a good token between the check and the fix
        let outcomes = DoctorFixer.applyFileRepairs(f, fs: fs, now: now, protectedTokens: [p])
        XCTAssertEqual(outcomes.map(\.ok), [false])
        XCTAssertNotNil(fs.nodes[p])
    }

    func testSessionFilterAndTUIFailures() {
        let fs = healthy()
        fs.nodes[tokenPath("acme")] = nil
        let cfg = Self.config + "[sso-session beta]\nsso_start_url = https://beta.awsapps.com/start\nsso_region = us-east-1\n"
        let all = run(fs, config: cfg, env: ["AWS_PROFILE": "prod"])
        XCTAssertEqual(problems(all), ["fail env-profile-missing AWS_PROFILE", "fail token-missing sso-session acme",
                                       "fail token-missing sso-session beta"])
        XCTAssertEqual(problems(run(fs, config: cfg, env: ["AWS_PROFILE": "prod"], session: "beta")),
                       ["fail env-profile-missing AWS_PROFILE", "fail token-missing sso-session beta"])
        XCTAssertEqual(all.failures(forSessions: ["beta"]).map(\.subject), ["AWS_PROFILE", "sso-session beta"])
        XCTAssertEqual(all.failures(forSessions: ["acme", "beta"]).count, 3)
    }

    func testShellQuoteAndDuration() {
        XCTAssertEqual(Doctor.shellQuote("acme"), "acme")
        XCTAssertEqual(Doctor.shellQuote("my sso"), "'my sso'")
        XCTAssertEqual(Doctor.shellQuote("it's"), "'it'\\''s'")
        XCTAssertEqual(Doctor.duration(3 * 3600 + 5 * 60), "3h 05m")
        XCTAssertEqual(Doctor.duration(59), "59s")
    }

    // MARK: Online

    struct FakeTransport: HTTPTransport {
        var answers: @Sendable (HTTPRequest) throws -> HTTPResponse
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { try answers(request) }
    }

    func testOnlineClockSkewAndUnreachable() async {
        let t1 = DoctorProbeTarget(scope: .session("acme"), subject: "sso-session acme", portalURL: "https://portal", oidcURL: "https://oidc")
        let t2 = DoctorProbeTarget(scope: .session("beta"), subject: "sso-session beta", portalURL: "https://down", oidcURL: "https://oidc")
        let now = self.now
        let skewed = DateFormatter()
        skewed.locale = Locale(identifier: "en_US_POSIX"); skewed.timeZone = TimeZone(identifier: "GMT")
        skewed.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = skewed.string(from: now.addingTimeInterval(-420))
        let transport = FakeTransport { req in
            if req.url.hasPrefix("https://down") { throw TransportError.dns(host: "down") }
            XCTAssertNil(req.headers.first { $0.0.lowercased().contains("bearer") }, "no token is sent")
            return HTTPResponse(status: 401, headers: ["date": date])
        }
        let f = await DoctorOnline.findings([t1, t2], transport: transport, timeout: 2, now: { now })
        XCTAssertEqual(f.map { "\($0.status.rawValue) \($0.check.rawValue) \($0.subject)" },
                       ["ok endpoint-unreachable sso-session acme", "fail endpoint-unreachable sso-session beta", "fail clock-skew clock"])
        XCTAssertTrue(f[2].message.contains("7m ahead of"), f[2].message)
        let fine = FakeTransport { _ in HTTPResponse(status: 404, headers: ["date": skewed.string(from: now.addingTimeInterval(60))]) }
        let g = await DoctorOnline.findings([t1], transport: fine, timeout: 2, now: { now })
        XCTAssertEqual(g.map(\.status), [.ok, .ok])
        XCTAssertEqual(DoctorOnline.parseHTTPDate("Tue, 01 Dec 2026 09:59:03 GMT"), AWSTime.parse("2026-12-01T09:59:03Z"))
    }
}
