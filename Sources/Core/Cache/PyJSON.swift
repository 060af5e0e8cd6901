import Crypto
import Foundation

/// A JSON value serialised byte for byte like Python's `json.dumps` (ensure_ascii: non-ASCII as
/// `\uXXXX`, `/` not escaped). Cache keys are SHA-1 hashes of such text (docs/protocol.md §5.3, §5.5),
/// so the bytes must match Python exactly; Foundation's encoders escape `/` and cannot be used.
public indirect enum PyJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([PyJSON])
    /// Keys in insertion order (sorted on output when asked).
    case object([(String, PyJSON)])

    public static func == (a: PyJSON, b: PyJSON) -> Bool { a.dumps() == b.dumps() }

    /// `json.dumps(value, sort_keys: sortKeys)` with default separators (`", "`, `": "`), or with
    /// `compact` separators (`","`, `":"`).
    public func dumps(sortKeys: Bool = false, compact: Bool = false) -> String {
        var out = ""
        write(into: &out, sortKeys: sortKeys, item: compact ? "," : ", ", kv: compact ? ":" : ": ")
        return out
    }

    func write(into out: inout String, sortKeys: Bool, item: String, kv: String) {
        switch self {
        case let .string(s): out += Self.quote(s)
        case let .int(i): out += String(i)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += item }
                v.write(into: &out, sortKeys: sortKeys, item: item, kv: kv)
            }
            out += "]"
        case let .object(o):
            out += "{"
            // Python sorts str keys by code point.
            let pairs = sortKeys ? o.sorted { Array($0.0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.0.unicodeScalars.map(\.value)) } : o
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += item }
                out += Self.quote(k)
                out += kv
                v.write(into: &out, sortKeys: sortKeys, item: item, kv: kv)
            }
            out += "}"
        }
    }

    /// JSON string quoting for UTF-8 output (our `--json` and the caches only we read): non-ASCII
    /// kept as it is; `"`, `\` and the short escapes (`\n \r \t \b \f`) escaped, other control
    /// characters, DEL and U+2028/2029 as `\uXXXX`.
    public static func quoteUTF8(_ s: String) -> String { quote(s, asciiOnly: false) }

    /// Python `json.dumps` string quoting with `ensure_ascii=True`: everything outside
    /// space...`~` escaped (DEL and non-ASCII as `\uXXXX`, astral characters as surrogate pairs).
    static func quote(_ s: String) -> String { quote(s, asciiOnly: true) }

    static func quote(_ s: String, asciiOnly: Bool) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let escape = u.value < 0x20 || u.value == 0x7F
                    || (asciiOnly ? u.value >= 0x80 : (u.value == 0x2028 || u.value == 0x2029))
                if !escape {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFFFF {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    let v = u.value - 0x10000
                    out += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                }
            }
        }
        return out + "\""
    }
}

enum SHA1Hex {
    /// Lowercase hex SHA-1 of the UTF-8 bytes of `s`.
    static func of(_ s: String) -> String {
        Insecure.SHA1.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
