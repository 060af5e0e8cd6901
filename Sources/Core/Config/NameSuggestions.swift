import Foundation

/// "Did you mean": the names closest to one that was not found, for error messages such as
/// `profile prd not found; closest: prod, prod-admin`.
///
/// ```swift
/// NameSuggestions.closest(to: "prd", in: ["prod", "dev", "prod-admin"])   // ["prod", "prod-admin"]
/// ```
public enum NameSuggestions {
    /// Up to `limit` names, best first: names containing the wanted one (or contained in it),
    /// then those within an edit distance of about a third of its length; ties by name.
    public static func closest(to wanted: String, in names: [String], limit: Int = 3) -> [String] {
        let w = Array(wanted.lowercased().unicodeScalars)
        guard !w.isEmpty else { return [] }
        let maxDistance = max(2, w.count / 3)
        var scored: [(Int, String)] = []
        for n in names {
            let c = Array(n.lowercased().unicodeScalars)
            if c == w { scored.append((0, n)); continue }
            let ws = String(String.UnicodeScalarView(w)), cs = String(String.UnicodeScalarView(c))
            if cs.contains(ws) || (c.count >= 3 && ws.contains(cs)) {
                scored.append((1 + abs(c.count - w.count) / 4, n))
                continue
            }
            if abs(c.count - w.count) > maxDistance { continue }
            let d = distance(w, c, bound: maxDistance)
            if d <= maxDistance { scored.append((10 + d, n)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.1)
    }

    /// Levenshtein distance (stops early past `bound`).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > bound { return bound + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// `; closest: a, b` for a message, or "" when nothing is close.
    public static func hint(for wanted: String, in names: [String]) -> String {
        let c = closest(to: wanted, in: names)
        return c.isEmpty ? "" : "; closest: " + c.joined(separator: ", ")
    }
}
