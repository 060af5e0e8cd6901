import Foundation
import Crypto
import Synchronization

// MARK: - Time

/// The emulator's one clock: the real clock plus an offset that only grows
/// (`POST /_emulator/clock/advance?seconds=S`), so that tests advance time instead of sleeping.
/// Every expiry, TTL, poll interval, auto-approval, throttle bucket and token check reads it,
/// through `nowSeconds()` and `monotonicSeconds()`.
enum EmulatorClock {
    private static let offset = Mutex<Double>(0)

    static var offsetSeconds: Double { offset.withLock { $0 } }

    /// Moves the clock forward by `seconds` (≥ 0); returns the new total offset.
    @discardableResult
    static func advance(by seconds: Double) -> Double {
        offset.withLock { o in
            o += max(0, seconds)
            return o
        }
    }
}

/// Seconds since the epoch on the emulator's clock (what the AWS APIs put on the wire).
@inline(__always) func nowSeconds() -> Double { Date().timeIntervalSince1970 + EmulatorClock.offsetSeconds }

/// Monotonic seconds on the emulator's clock, for rate limiting and poll intervals.
@inline(__always) func monotonicSeconds() -> Double { realMonotonicSeconds() + EmulatorClock.offsetSeconds }

/// Real monotonic seconds, for measuring how long a request took (never moved by the admin clock).
@inline(__always) func realMonotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

// MARK: - Random strings

enum RandomText {
    static let upperAlnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let base64url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    static let hex = Array("0123456789abcdef")
    /// Letters for user codes: no vowels-that-look-like-digits confusion, like the real service (BCDF...).
    static let userCodeLetters = Array("BCDFGHJKLMNPQRSTVWXZ")

    static func string(_ n: Int, from alphabet: [Character]) -> String {
        var rng = SystemRandomNumberGenerator()
        var s = ""
        s.reserveCapacity(n)
        for _ in 0..<n { s.append(alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))]) }
        return s
    }

    static func userCode() -> String {
        string(4, from: userCodeLetters) + "-" + string(4, from: userCodeLetters)
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}

/// SplitMix64: a small deterministic generator for seeded org generation.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { self.state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0..<n.
    mutating func roll(_ n: Int) -> Int { Int(next(upperBound: UInt64(max(n, 1)))) }
}

// MARK: - Crypto helpers

func base64urlNoPad(_ data: some DataProtocol) -> String {
    Data(data).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// PKCE S256: base64url(SHA-256(ASCII verifier)) without padding.
func pkceChallenge(forVerifier verifier: String) -> String {
    base64urlNoPad(Data(SHA256.hash(data: Data(verifier.utf8))))
}

func sha256Hex(_ s: String) -> String {
    SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined()
}

// MARK: - JSON output (hand-written: fast, no `\/` escaping, raw UTF-8)

func jsonEscape(_ s: String, into out: inout String) {
    out.append("\"")
    for u in s.unicodeScalars {
        switch u {
        case "\"": out.append("\\\"")
        case "\\": out.append("\\\\")
        case "\n": out.append("\\n")
        case "\r": out.append("\\r")
        case "\t": out.append("\\t")
        default:
            if u.value < 0x20 {
                out.append(String(format: "\\u%04x", u.value))
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    out.append("\"")
}

func jsonQuote(_ s: String) -> String {
    var out = ""
    jsonEscape(s, into: &out)
    return out
}

/// Build a JSON object from ordered key/value pairs. Values are already-encoded JSON fragments.
struct JSONObject {
    private var parts: [String] = []
    mutating func add(_ key: String, string value: String?) {
        guard let value else { return }
        parts.append(jsonQuote(key) + ":" + jsonQuote(value))
    }
    mutating func add(_ key: String, int value: Int64?) {
        guard let value else { return }
        parts.append(jsonQuote(key) + ":" + String(value))
    }
    mutating func add(_ key: String, raw value: String?) {
        guard let value else { return }
        parts.append(jsonQuote(key) + ":" + value)
    }
    var encoded: String { "{" + parts.joined(separator: ",") + "}" }
}

func jsonArray(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

/// Any JSON value as produced by JSONSerialization, re-encoded without escaping `/`.
func jsonEncodeAny(_ value: Any?) -> String {
    switch value {
    case nil: return "null"
    case let s as String: return jsonQuote(s)
    case let b as Bool: return b ? "true" : "false"
    case let i as Int: return String(i)
    case let i as Int64: return String(i)
    case let d as Double: return String(d)
    case let a as [Any]: return jsonArray(a.map { jsonEncodeAny($0) })
    case let o as [String: Any]:
        return "{" + o.keys.sorted().map { jsonQuote($0) + ":" + jsonEncodeAny(o[$0]) }.joined(separator: ",") + "}"
    default: return "null"
    }
}

// MARK: - HTML

func htmlEscape(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

// MARK: - URL encoding

/// Decode `application/x-www-form-urlencoded` / a query string. `+` is a space.
func parseForm(_ s: Substring) -> [(String, String)] {
    guard !s.isEmpty else { return [] }
    var result: [(String, String)] = []
    for pair in s.split(separator: "&", omittingEmptySubsequences: true) {
        if let eq = pair.firstIndex(of: "=") {
            result.append((percentDecode(pair[..<eq]), percentDecode(pair[pair.index(after: eq)...])))
        } else {
            result.append((percentDecode(pair), ""))
        }
    }
    return result
}

func percentDecode(_ s: Substring) -> String {
    if !s.contains("%") && !s.contains("+") { return String(s) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    var it = Array(s.utf8)[...]
    while let b = it.popFirst() {
        if b == UInt8(ascii: "+") {
            bytes.append(UInt8(ascii: " "))
        } else if b == UInt8(ascii: "%"), it.count >= 2,
                  let h = hexVal(it[it.startIndex]), let l = hexVal(it[it.startIndex + 1]) {
            bytes.append(h << 4 | l)
            it = it.dropFirst(2)
        } else {
            bytes.append(b)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func hexVal(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// RFC 3986 percent-encoding (unreserved set `A-Za-z0-9-._~`).
func percentEncode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += String(format: "%%%02X", b)
        }
    }
    return out
}

/// Append query parameters to a URL that may already have a query.
func appendQuery(_ url: String, _ params: [(String, String)]) -> String {
    let q = params.map { percentEncode($0.0) + "=" + percentEncode($0.1) }.joined(separator: "&")
    return url + (url.contains("?") ? "&" : "?") + q
}
