import Foundation
import XCTest
@testable import Core

final class CacheTests: XCTestCase {
    var home = ""

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("cachetest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: home) }

    func mode(_ p: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as! NSNumber).intValue
    }

    // docs/protocol.md §5.1, §5.3, §5.5 verified examples.
    func testKeyDerivationExamples() {
        XCTAssertEqual(SSOCache.tokenKey(sessionName: "my-sso", startURL: "https://ignored"), "0ad374308c5a4e22f723adf10145eafad7c4031c")
        XCTAssertEqual(SSOCache.registrationKeyText(startURL: "https://d-1234567890.awsapps.com/start", region: "us-east-1",
                                                    scopes: ["sso:account:access"], sessionName: "my-sso"),
                       #"{"region": "us-east-1", "scopes": ["sso:account:access"], "session_name": "my-sso", "startUrl": "https://d-1234567890.awsapps.com/start", "tool": "botocore"}"#)
        XCTAssertEqual(SSOCache.registrationKey(startURL: "https://d-1234567890.awsapps.com/start", region: "us-east-1",
                                                scopes: ["sso:account:access"], sessionName: "my-sso"),
                       "a8343d65418848d0bc13a5f25cbb32508ceec5d1")
        XCTAssertEqual(RoleCredentialCache.keyText(accountId: "123456789012", roleName: "Admin", sessionName: "my-sso", startURL: nil),
                       #"{"accountId":"123456789012","roleName":"Admin","sessionName":"my-sso"}"#)
        XCTAssertEqual(RoleCredentialCache.key(accountId: "123456789012", roleName: "Admin", sessionName: "my-sso", startURL: nil),
                       "c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3")
        // Legacy: the start URL exactly as configured; a trailing slash changes the key.
        XCTAssertNotEqual(SSOCache.tokenKey(sessionName: nil, startURL: "https://x/start"),
                          SSOCache.tokenKey(sessionName: nil, startURL: "https://x/start/"))
        XCTAssertEqual(RoleCredentialCache.keyText(accountId: "1", roleName: "R", sessionName: nil, startURL: "https://x/s"),
                       #"{"accountId":"1","roleName":"R","startUrl":"https://x/s"}"#)
        XCTAssertEqual(SSOCache.registrationKeyText(startURL: "u", region: "r", scopes: nil, sessionName: nil),
                       #"{"region": "r", "scopes": null, "session_name": null, "startUrl": "u", "tool": "botocore"}"#)
    }

    func testPythonJSONEscaping() {
        XCTAssertEqual(PyJSON.string("é/😀\"\\\n\u{1}").dumps(), #""\u00e9/\ud83d\ude00\"\\\n\u0001""#)
    }

    /// The JSON key text equals Python's json.dumps byte for byte, for awkward inputs too.
    func testKeyTextMatchesPython() throws {
        let inputs = ["https://é.example/start", "a\"b\\c", "日本/😀", "tab\there", "del\u{7F} bs\u{08} ff\u{0C} ls\u{2028}"]
        var py = "import json\n"
        for s in inputs {
            let lit = PyJSON.string(s).dumps()
            py += "print(json.dumps({'tool':'botocore','startUrl':\(lit),'region':'r','scopes':[\(lit)],'session_name':\(lit)}, sort_keys=True))\n"
            py += "print(json.dumps({'accountId':\(lit),'roleName':'R','sessionName':\(lit)}, sort_keys=True, separators=(',',':')))\n"
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", py]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, inputs.count * 2)
        for (i, s) in inputs.enumerated() where lines.count == inputs.count * 2 {
            XCTAssertEqual(SSOCache.registrationKeyText(startURL: s, region: "r", scopes: [s], sessionName: s), lines[2 * i])
            XCTAssertEqual(RoleCredentialCache.keyText(accountId: s, roleName: "R", sessionName: s, startURL: nil), lines[2 * i + 1])
        }
    }

    func testTokenSaveLoadModesAndFormat() throws {
        let cache = SSOCache.default(home: home)
        let key = SSOCache.tokenKey(sessionName: "corp", startURL: nil)
        let t = SSOToken(startUrl: "https://d-1.awsapps.com/start", region: "us-east-1", accessToken: "aoa-secret",
                         expiresAt: Date(timeIntervalSince1970: 1_795_000_000), clientId: "cid", clientSecret: "cs",
                         registrationExpiresAt: Date(timeIntervalSince1970: 1_800_000_000), refreshToken: "aor")
        try cache.saveToken(t, key: key)
        XCTAssertEqual(cache.loadToken(key: key).value, t)
        XCTAssertEqual(try mode(cache.path(forKey: key)), 0o600)
        XCTAssertEqual(try mode(cache.directory), 0o700)
        XCTAssertEqual(try mode(home + "/.aws/sso"), 0o700)
        let text = try String(contentsOfFile: cache.path(forKey: key), encoding: .utf8)
        XCTAssertEqual(text, #"{"startUrl": "https://d-1.awsapps.com/start", "region": "us-east-1", "accessToken": "aoa-secret", "expiresAt": "2026-11-18T11:06:40Z", "clientId": "cid", "clientSecret": "cs", "registrationExpiresAt": "2027-01-15T08:00:00Z", "refreshToken": "aor"}"#)
        try cache.deleteToken(key: key)
        guard case .missing = cache.loadToken(key: key) else { return XCTFail() }
    }

    func testLegacyTimestampFormatsAndCorruptFiles() throws {
        let cache = SSOCache.default(home: home)
        try FileManager.default.createDirectory(atPath: cache.directory, withIntermediateDirectories: true)
        func put(_ k: String, _ s: String) throws { try Data(s.utf8).write(to: URL(fileURLWithPath: cache.path(forKey: k))) }
        for (k, exp) in [("a", "2020-06-17T10:18:08UTC"), ("b", "2020-06-17T10:18:08+00:00"), ("c", "2020-06-17T10:18:08.123456Z")] {
            try put(k, #"{"accessToken": "x", "expiresAt": "\#(exp)"}"#)
            XCTAssertEqual(cache.loadToken(key: k).value?.expiresAt.timeIntervalSince1970 ?? 0, 1_592_389_088, accuracy: 1, exp)
        }
        let corrupt = ["": "empty", "{\"accessToken\": \"x\", \"expi": "JSON", "[1]": "object",
                       #"{"expiresAt": "2020-06-17T10:18:08Z"}"#: "accessToken",
                       #"{"accessToken": "x", "expiresAt": "2020-06-17T10:18:08"}"#: "time zone"]
        for (body, reason) in corrupt {
            try put("bad", body)
            guard case let .corrupt(path, r) = cache.loadToken(key: "bad") else { return XCTFail(body) }
            XCTAssertTrue(r.contains(reason), r)
            XCTAssertEqual(path, cache.path(forKey: "bad"))
            XCTAssertFalse(r.contains("x\""))
        }
        // The next save replaces the corrupt file.
        try cache.saveToken(SSOToken(startUrl: "u", region: "r", accessToken: "t", expiresAt: Date()), key: "bad")
        XCTAssertNotNil(cache.loadToken(key: "bad").value)
    }

    func testRegistrationRoundTrip() throws {
        let cache = SSOCache.default(home: home)
        let r = ClientRegistration(clientId: "id", clientSecret: "s", expiresAt: Date(timeIntervalSince1970: 1_800_000_000),
                                   scopes: ["sso:account:access"], grantTypes: ["authorization_code", "refresh_token"])
        try cache.saveRegistration(r, key: "k")
        XCTAssertEqual(cache.loadRegistration(key: "k").value, r)
        XCTAssertEqual(try String(contentsOfFile: cache.path(forKey: "k"), encoding: .utf8),
                       #"{"clientId": "id", "clientSecret": "s", "expiresAt": "2027-01-15T08:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}"#)
    }

    func testRoleCredentialsAndLogoutHelpers() throws {
        let rc = RoleCredentialCache.default(home: home)
        let creds = RoleCredentials(accessKeyId: "ASIA", secretAccessKey: "sk", sessionToken: "st",
                                    expiration: Date(timeIntervalSince1970: 1_795_000_000), accountId: "123456789012")
        let key = RoleCredentialCache.key(accountId: "123456789012", roleName: "Admin", sessionName: "corp", startURL: nil)
        try rc.save(creds, key: key)
        XCTAssertEqual(rc.load(key: key).value, creds)
        XCTAssertEqual(try String(contentsOfFile: rc.path(forKey: key), encoding: .utf8),
                       #"{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIA", "SecretAccessKey": "sk", "SessionToken": "st", "Expiration": "2026-11-18T11:06:40Z", "AccountId": "123456789012"}}"#)
        try Data(#"{"Credentials": {}}"#.utf8).write(to: URL(fileURLWithPath: rc.path(forKey: "assume")))
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: rc.path(forKey: "junk")))
        XCTAssertEqual(try rc.deleteSSOEntries(), [rc.path(forKey: key)])
        XCTAssertTrue(FileManager.default.fileExists(atPath: rc.path(forKey: "assume")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: rc.path(forKey: "junk")))

        let cache = SSOCache.default(home: home)
        try cache.saveToken(SSOToken(startUrl: "u", region: "r", accessToken: "t", expiresAt: Date()), key: "tok")
        try cache.saveRegistration(ClientRegistration(clientId: "i", clientSecret: "s", expiresAt: Date()), key: "reg")
        XCTAssertEqual(try cache.deleteAllTokens(), [cache.path(forKey: "tok")])
        XCTAssertNotNil(cache.loadRegistration(key: "reg").value)
    }

    /// A token and registration we write are loaded by botocore's own SSOTokenLoader (the code
    /// path of its SSO credential and token providers) with the same values.
    func testBotocoreLoadsOurTokenFiles() throws {
        let cache = SSOCache.default(home: home)
        let exp = Date(timeIntervalSince1970: 1_795_000_000)
        try cache.saveToken(SSOToken(startUrl: "https://d-1.awsapps.com/start", region: "us-east-1", accessToken: "tok-é",
                                     expiresAt: exp, clientId: "cid", clientSecret: "cs",
                                     registrationExpiresAt: exp, refreshToken: "rt"),
                            key: SSOCache.tokenKey(sessionName: "corp", startURL: nil))
        try cache.saveToken(SSOToken(startUrl: "https://legacy/start/", region: "us-west-2", accessToken: "legacy-tok", expiresAt: exp),
                            key: SSOCache.tokenKey(sessionName: nil, startURL: "https://legacy/start/"))
        let py = """
            import json, sys
            from botocore.utils import SSOTokenLoader, JSONFileCache
            from dateutil.parser import parse
            loader = SSOTokenLoader(cache=JSONFileCache(sys.argv[1]))
            a = loader("https://ignored", session_name="corp")
            b = loader("https://legacy/start/")
            print(json.dumps([a["accessToken"], parse(a["expiresAt"]).timestamp(), a["refreshToken"], a["clientId"],
                              parse(a["registrationExpiresAt"]).timestamp(), b["accessToken"], parse(b["expiresAt"]).timestamp()]))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", py, cache.directory]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let arr = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [Any])
        XCTAssertEqual(arr[0] as? String, "tok-é")
        XCTAssertEqual((arr[1] as? NSNumber)?.doubleValue, 1_795_000_000)
        XCTAssertEqual(arr[2] as? String, "rt")
        XCTAssertEqual(arr[3] as? String, "cid")
        XCTAssertEqual((arr[4] as? NSNumber)?.doubleValue, 1_795_000_000)
        XCTAssertEqual(arr[5] as? String, "legacy-tok")
        XCTAssertEqual((arr[6] as? NSNumber)?.doubleValue, 1_795_000_000)
    }
}
