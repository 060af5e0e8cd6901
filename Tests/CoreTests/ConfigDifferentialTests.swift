import Foundation
import XCTest
@testable import Core

/// Reads generated and hand-made config files with our parser and with the real botocore
/// (`botocore.configloader.load_config`, run through python3) and requires identical results:
/// same profiles / sso-sessions / services / other sections with the same values, and a parse
/// error exactly when botocore raises ConfigParseError.
final class ConfigDifferentialTests: XCTestCase {
    static let script = """
        import json, sys
        import botocore.configloader as cl
        from botocore.exceptions import ConfigParseError
        for line in sys.stdin:
            path = line.rstrip("\\n")
            try:
                cfg = cl.load_config(path)
                print(json.dumps({"ok": True, "config": cfg}, sort_keys=True))
            except ConfigParseError:
                print(json.dumps({"ok": False}))
        """

    /// Our reading of a document in the shape of botocore's `load_config` result.
    static func ours(_ text: String) -> Any {
        guard let doc = try? ConfigDocument(text: text) else { return ["ok": false] }
        func conv(_ v: [String: ConfigValue]) -> [String: Any] {
            v.mapValues { val -> Any in
                switch val {
                case let .string(s): return s
                case let .nested(d): return d
                }
            }
        }
        var profiles: [String: Any] = [:]
        var sessions: [String: Any] = [:]
        var services: [String: Any] = [:]
        var config: [String: Any] = [:]
        for (i, s) in doc.parsed.sections.enumerated() {
            let vals = conv(doc.parsed.mergedValues(i))
            switch s.kind {
            case let .profile(n): profiles[n] = vals
            case let .ssoSession(n): sessions[n] = vals
            case let .services(n): services[n] = vals
            case .defaults: break
            case .other:
                let h = s.header
                if Parser.startsWith(h, "profile") || Parser.startsWith(h, "sso-session") || Parser.startsWith(h, "services") { continue }
                config[h] = vals
            }
        }
        config["profiles"] = profiles
        config["sso_sessions"] = sessions
        config["services"] = services
        return ["ok": true, "config": config]
    }

    func botocore(_ files: [String]) throws -> [Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script]
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        p.environment = env
        try p.run()
        let input = files.joined(separator: "\n") + "\n"
        let writer = Thread { inPipe.fileHandleForWriting.write(Data(input.utf8)); try? inPipe.fileHandleForWriting.close() }
        writer.start()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "python3 with botocore must be installed")
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8))
        }
    }

    func compare(_ texts: [String], label: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfgdiff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, t) in texts.enumerated() {
            let p = dir.appendingPathComponent("c\(i)").path
            try Data(t.utf8).write(to: URL(fileURLWithPath: p))
            paths.append(p)
        }
        let theirs = try botocore(paths)
        XCTAssertEqual(theirs.count, texts.count)
        var failures = 0
        for (i, t) in texts.enumerated() where i < theirs.count {
            let mine = Self.ours(t)
            if !(mine as! NSDictionary).isEqual(theirs[i] as! NSDictionary) {
                failures += 1
                if failures <= 3 {
                    XCTFail("\(label) #\(i) differs from botocore.\nTEXT: \(t.debugDescription)\nOURS: \(mine)\nBOTOCORE: \(theirs[i])")
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(label): \(failures) of \(texts.count) documents read differently from botocore")
        let okCount = theirs.filter { (($0 as? NSDictionary)?["ok"] as? Bool) == true }.count
        print("\(label): \(okCount) of \(texts.count) documents load in botocore; all read identically")
    }

    func testGeneratedDocumentsMatchBotocore() throws {
        var g = ConfigGenerator(seed: 20261127)
        let texts = (0..<500).map { _ in g.document() }
        try compare(texts, label: "generated")
        // Also broken variants: drop a random line / duplicate a line, so parse errors are compared too.
        var broken: [String] = []
        for t in texts.prefix(200) {
            var ls = t.components(separatedBy: "\n")
            guard ls.count > 2 else { continue }
            let i = g.int(ls.count)
            if g.chance(0.5) { ls.remove(at: i) } else { ls.insert(ls[i], at: g.int(ls.count)) }
            broken.append(ls.joined(separator: "\n"))
        }
        try compare(broken, label: "mutated")
    }

    /// Documents after random edits: botocore reads them exactly as we do (and our own checks in
    /// ConfigEditTests make sure that reading is the intended one).
    func testEditedDocumentsMatchBotocore() throws {
        var g = ConfigGenerator(seed: 99)
        var texts: [String] = []
        var expectations: [(Int, String, String?)] = []   // (doc index, profile, expected region)
        while texts.count < 200 {
            guard var doc = try? ConfigDocument(text: g.document(maxSections: 8)) else { continue }
            let names = doc.profiles.map(\.name)
            let name = names.isEmpty || g.chance(0.3) ? "added \(texts.count)" : g.pick(names)
            do {
                switch g.int(3) {
                case 0:
                    try doc.upsertProfile(ProfileConfig(name: name, ssoSession: "s", ssoAccountId: "123456789012",
                                                        ssoRoleName: "R", region: "xx-edit-1"))
                    expectations.append((texts.count, name, "xx-edit-1"))
                case 1 where !names.isEmpty:
                    try doc.renameProfile(from: g.pick(names), to: "renamed \(texts.count)")
                default:
                    if !names.isEmpty { try doc.setDefault(profile: g.pick(names)) }
                }
            } catch { continue }
            texts.append(doc.render())
        }
        try compare(texts, label: "edited")
        for (i, name, region) in expectations {
            XCTAssertEqual(try ConfigDocument(text: texts[i]).profile(named: name)?.region, region)
        }
    }

    func testEdgeCasesMatchBotocore() throws {
        let cases = [
            "[default]\rregion = a\r[profile x]\rregion=b",
            "[default]\na = 1\n\n  b = 2\n",
            "[default]\na = 1\n  [profile x]\nb=2\n",
            "[DEFAULT]\nq = 1\n[default]\na=1\n[profile x]\nq=2\n[sso-session s]\nz=1\n[DEFAULT]\nw=3\n",
            "\u{FEFF}[default]\na=1\n",
            "[default]\n=1\n",
            "[default]\ns3 =\n  Addressing_Style = path\n  \n  x=y=z\n",
            "[default]\ns3 =\n  Addressing_Style\n",
            "[default]\na = 1\n  # c\n  b\n",
            "[default]\na = 1\u{0C}\n",
            "[default] junk\na = 1\n[a]b]c\nk=v\n",
            "[profile \"a b\"]\nk=1\n[profile a\\ c]\nk=2\n[profile 'unterminated]\nk=3\n[profile]\nk=4\n[profile x y]\nk=5\n[profile \"\" ]\nk=6\n",
            "[default]\nMy Key : v : w\n",
            "[default]\na=1\n[profile default]\nb=2\n",
            "[profile default]\nb=2\n[default]\na=1\n",
            "[default]\ns3 =\n  a = 1\u{0B}b = 2\n",
            "region = x\n[default]\n",
            "[default]\nregion\n",
            "[default]\na=1\nA=2\n",
            "[profile x]\n[profile x]\n",
            "[profile x]\na=1\n[profile 'x']\na=2\n",
            "  [default]\n    region = us-east-1\n  output = json\n",
            "[default]\nregion = us-east-1 # comment\noutput = json ; x\n",
            "[default]\n\u{00A0}region = x\n",
            "[default]\nregion=\n",
            "[]\n",
            "[]]\nk=v\n",
            "[services s]\nsso_oidc =\n  endpoint_url = http://127.0.0.1:1/x\nsso =\n  endpoint_url = http://h/p\n",
            "[default]\na =\n\n",
            "# only a comment",
            "",
            "\n\n",
            "[profile a'b]\nk=1\n[profile a\"b]\nk=2\n[sso-session 'q r']\nk=3\n",
            "[default]\nk = v\n\t\n  \n# c\n   cont\n",
            "[default]\na = x\u{2028}y\nb = \u{85}z\u{0B}\n\u{1C}c = 1\n",
            "[default]\nΚΛΕΙΣ = 1\nİX = 2\nSTRASSE = 3\nǅ = 4\n",
            "[default]\ns3 =\n  a = 1\u{2028}b = 2\u{85}c = 3\n",
            "[profile x]\n\u{3000}region = y\n  output = z\n",
            "[profile x]\nkey with spaces = 1\n",
            "[DEFAULT]\ns3 =\n  a = b\n[profile p]\nk = v\n",
            "[DEFAULT]\ns3 =\n  bad\n",
            "[DEFAULT]\ns3 =\n  bad\n[profile p]\n",
        ]
        try compare(cases, label: "edge case")
    }
}
