import Foundation

/// Deterministic PRNG (SplitMix64) so generated corpora are reproducible from a seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates config files botocore accepts, in the shapes found in real `~/.aws/config` files
/// plus the odd corners of the format: comments everywhere (`#`, `;`, indented), blank lines
/// with whitespace, CRLF / LF / lone CR / mixed endings, missing final newline, indented
/// sections and keys, `:` delimiters, upper-case keys, continuation lines, nested `s3 =` blocks,
/// `[DEFAULT]`, quoted profile names, headers with trailing text, unicode, values with `#`.
struct ConfigGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) / 10_000 < p }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }

    static let words = ["dev", "prod", "staging", "acme", "core", "data", "ops", "sandbox", "billing", "ml",
                        "Ünïcödé", "日本", "café", "x", "team-a", "team_b", "a.b", "k8s", "emoji😀", "UPPER"]
    static let keys = ["region", "output", "sso_session", "sso_account_id", "sso_role_name", "sso_start_url",
                       "sso_region", "credential_process", "role_arn", "source_profile", "cli_pager",
                       "duration_seconds", "mfa_serial", "ca_bundle", "endpoint_url", "retry_mode", "max_attempts",
                       "services", "sso_registration_scopes", "tui_note", "Region_Upper", "my key"]
    static let values = ["us-east-1", "eu-west-1", "json", "yaml", "text", "123456789012", "AdministratorAccess",
                         "https://d-1234567890.awsapps.com/start", "sso:account:access,sso:other",
                         "/usr/bin/tool --flag=1 # not a comment", "value with  spaces", "\"quoted\"",
                         "'single'", "a=b:c", "ünïcödé ✓", "日本語の値", "50%", "%(interp)s", "x;y", "tab\there", "😀"]

    mutating func name() -> String {
        var n = pick(Self.words)
        if chance(0.5) { n += "-\(int(1000))" }
        return n
    }

    mutating func ws() -> String { pick(["", "", "", " ", "  ", "\t"]) }

    mutating func eolStyle() -> [String] {
        switch int(10) {
        case 0..<5: return ["\n"]
        case 5..<8: return ["\r\n"]
        case 8: return ["\n", "\r\n"]
        default: return ["\n", "\r"]
        }
    }

    mutating func comment() -> String {
        ws() + pick(["#", ";"]) + pick(["", " a comment", " [profile commented]", " region = x", " 日本 ✓", "#", " = :"])
    }

    /// One document, as text.
    mutating func document(maxSections: Int = 12) -> String {
        let eols = eolStyle()
        var lines: [String] = []
        var usedHeaders = Set<String>()
        if chance(0.3) { lines.append(comment()) }
        if chance(0.2) { lines.append(ws()) }
        let nSections = int(maxSections + 1)
        var hadDefaultSection = false
        for _ in 0..<nSections {
            // Header
            var header: String
            repeat {
                switch int(12) {
                case 0: header = "default"
                case 1: header = "profile default"
                case 2: header = "sso-session \(name())"
                case 3: header = "services \(name())"
                case 4: header = "profile '\(name()) \(name())'"
                case 5: header = "profile \"\(name()) x\""
                case 6: header = pick(["preview", "plugins", "Profile Foo", "profiles x", "profile a b", "profile"])
                case 7:
                    if hadDefaultSection { header = "profile \(name())" } else { header = "DEFAULT"; hadDefaultSection = true }
                default: header = "profile \(name())"
                }
            } while usedHeaders.contains(header) && header != "DEFAULT"
            if header != "DEFAULT" { usedHeaders.insert(header) }
            let trailing = chance(0.1) ? pick([" # trailing", "junk", " ; x"]) : ""
            // An indented header right after an entry would be a continuation line (valid, but it
            // usually makes the file a duplicate-key error), so indent headers only rarely.
            lines.append((chance(0.04) ? ws() : "") + "[\(header)]" + trailing)
            let sectionIndent = chance(0.15) ? pick(["  ", "\t", "    "]) : ""
            var usedKeys = Set<String>()
            let nKeys = int(8)
            for _ in 0..<nKeys {
                if chance(0.15) { lines.append(comment()) }
                if chance(0.1) { lines.append(ws()) }
                var key = pick(Self.keys)
                if chance(0.1) { key = key.uppercased() }
                if usedKeys.contains(key.lowercased()) { continue }
                usedKeys.insert(key.lowercased())
                let delim = pick([" = ", "=", " =", "= ", " : ", ":", "\t=\t"])
                if chance(0.12) {
                    // Nested block.
                    lines.append(sectionIndent + key + pick([" =", "=", " = "]))
                    let sub = sectionIndent + pick(["  ", "    ", "\t"])
                    for j in 0..<(1 + int(3)) {
                        if chance(0.15) { lines.append(sub + "# nested comment") }
                        if chance(0.1) { lines.append("") }
                        lines.append(sub + pick(["endpoint_url", "addressing_style", "Max_Attempts", "x"]) + "\(j)"
                                     + pick([" = ", "=", " =  "]) + pick(Self.values.filter { !$0.contains("\t") }))
                    }
                } else {
                    lines.append(sectionIndent + key + delim + pick(Self.values) + (chance(0.1) ? " " : ""))
                    if chance(0.08) {
                        // Continuation lines of a plain value.
                        for _ in 0..<(1 + int(2)) {
                            if chance(0.2) { lines.append("") }
                            lines.append(sectionIndent + "   " + pick(["more", "second line", "k = v", "# not comment?"]))
                        }
                    }
                }
            }
            if chance(0.4) { lines.append("") }
        }
        if chance(0.2) { lines.append(comment()) }
        var out = ""
        for (i, l) in lines.enumerated() {
            out += l
            if i < lines.count - 1 || chance(0.8) { out += pick(eols) }
        }
        return out
    }
}
