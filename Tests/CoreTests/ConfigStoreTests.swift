import Foundation
import XCTest
@testable import Core

final class ConfigStoreTests: XCTestCase {
    var home = ""

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("storetest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: home) }

    func attrs(_ p: String) throws -> [FileAttributeKey: Any] { try FileManager.default.attributesOfItem(atPath: p) }
    func mode(_ p: String) throws -> Int { (try attrs(p)[.posixPermissions] as! NSNumber).intValue }

    func testPathResolution() {
        let env = ["HOME": "/h", "AWS_CONFIG_FILE": "$XDG/aws/${NAME}", "XDG": "/x", "NAME": "cfg"]
        XCTAssertEqual(ConfigStore.resolvePath(explicit: nil, environment: ["HOME": "/h"]), "/h/.aws/config")
        XCTAssertEqual(ConfigStore.resolvePath(explicit: nil, environment: env), "/x/aws/cfg")
        XCTAssertEqual(ConfigStore.resolvePath(explicit: "~/other", environment: env), "/h/other")
        XCTAssertEqual(ConfigStore.resolvePath(explicit: "$UNSET/a$", environment: env), "$UNSET/a$")
    }

    func testCreatesDirectoryAndFileWithPrivateModes() throws {
        let store = ConfigStore(path: home + "/.aws/config")
        XCTAssertEqual(try store.load().render(), "")
        try store.update { try $0.upsertProfile(ProfileConfig(name: "p", region: "r")) }
        XCTAssertEqual(try mode(home + "/.aws"), 0o700)
        XCTAssertEqual(try mode(home + "/.aws/config"), 0o600)
        XCTAssertEqual(try String(contentsOfFile: home + "/.aws/config", encoding: .utf8), "[profile p]\nregion = r\n")
    }

    func testKeepsModeWritesBackupFollowsSymlink() throws {
        let real = home + "/dotfiles/aws-config"
        try FileManager.default.createDirectory(atPath: home + "/dotfiles", withIntermediateDirectories: true)
        try Data("[default]\nregion = a\n".utf8).write(to: URL(fileURLWithPath: real))
        chmod(real, 0o640)
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: home + "/.aws/config", withDestinationPath: "../dotfiles/aws-config")
        let store = ConfigStore(path: home + "/.aws/config")
        XCTAssertEqual(store.targetPath, home + "/.aws/../dotfiles/aws-config")
        let r = try store.update { try $0.setValue("b", forKey: "region", in: .profile("default")) }
        XCTAssertTrue(r.changed)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: home + "/.aws/config"), "../dotfiles/aws-config")
        XCTAssertEqual(try String(contentsOfFile: real, encoding: .utf8), "[default]\nregion = b\n")
        XCTAssertEqual(try mode(real), 0o640)
        XCTAssertEqual(try String(contentsOfFile: real + ".bak", encoding: .utf8), "[default]\nregion = a\n")
        // No change: nothing written (backup stays as it was).
        let r2 = try store.update { try $0.setValue("b", forKey: "region", in: .profile("default")) }
        XCTAssertFalse(r2.changed)
        XCTAssertEqual(try String(contentsOfFile: real + ".bak", encoding: .utf8), "[default]\nregion = a\n")
    }

    func testKeepsOwnerWhenAllowed() throws {
        let path = home + "/config"
        try Data("[default]\nregion = a\n".utf8).write(to: URL(fileURLWithPath: path))
        guard geteuid() == 0 else {
            throw XCTSkip("only root can give a file to another owner")
        }
        XCTAssertEqual(chown(path, 12345, 23456), 0)
        try ConfigStore(path: path).update { try $0.setValue("b", forKey: "region", in: .profile("default")) }
        let a = try attrs(path)
        XCTAssertEqual((a[.ownerAccountID] as? NSNumber)?.intValue, 12345)
        XCTAssertEqual((a[.groupOwnerAccountID] as? NSNumber)?.intValue, 23456)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "[default]\nregion = b\n")
    }

    func testMalformedFileIsNotWritten() throws {
        let path = home + "/config"
        let bad = "region = x\n[default]\n"
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        let store = ConfigStore(path: path)
        XCTAssertThrowsError(try store.update { try $0.upsertProfile(ProfileConfig(name: "p", region: "r")) }) { e in
            XCTAssertEqual((e as? ConfigParseError)?.line, 1)
            XCTAssertEqual((e as? ConfigParseError)?.path, path)
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), bad)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".bak"))
        try Data([0x5B, 0x64, 0x5D, 0x0A, 0x61, 0x3D, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try store.load()) { XCTAssertEqual(($0 as? ConfigParseError)?.line, 2) }
    }

    func testConcurrentUpdatesInOneProcessLoseNothing() throws {
        let store = ConfigStore(path: home + "/.aws/config")
        let n = 40
        DispatchQueue.concurrentPerform(iterations: n) { i in
            try! store.update { try $0.upsertProfile(ProfileConfig(name: "p\(i)", region: "r\(i)")) }
        }
        let doc = try store.load()
        XCTAssertEqual(doc.profiles.count, n)
        for i in 0..<n { XCTAssertEqual(doc.profile(named: "p\(i)")?.region, "r\(i)") }
    }

    func testEditIsReappliedWhenFileChangesUnderneath() throws {
        let path = home + "/config"
        try Data("[default]\nregion = a\n".utf8).write(to: URL(fileURLWithPath: path))
        let store = ConfigStore(path: path)
        var calls = 0
        try store.update { doc in
            calls += 1
            if calls == 1 {
                // Another tool (not taking our lock) writes while we edit.
                try Data("[default]\nregion = a\n[profile other]\noutput = text\n".utf8).write(to: URL(fileURLWithPath: path))
            }
            try doc.upsertProfile(ProfileConfig(name: "mine", region: "m"))
        }
        XCTAssertEqual(calls, 2)
        let doc = try store.load()
        XCTAssertEqual(doc.profile(named: "other")?.output, "text")
        XCTAssertEqual(doc.profile(named: "mine")?.region, "m")
    }
}
