import Foundation

extension TUIKeymap {
    /// The README's short key table: one row per screen or pane, its keys with their short help
    /// (docs/tui.md has the full table, ``markdown()``). Both come from the same tables.
    static func markdownCompact() -> String {
        var out = "| where | keys |\n|---|---|\n"
        for t in documented {
            let keys = t.entries.filter(\.inDocs).map { e -> String in
                let key = e.label.hasPrefix("(") ? e.label : e.label.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
                return "\(key) \(e.help)"
            }
            guard !keys.isEmpty else { continue }
            out += "| \(t.place) | \(keys.joined(separator: " · ").replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }
}
