import ArgumentParser
import Core
import Foundation

/// Shell completion of names, read from the config at completion time (the generated bash, zsh
/// and fish scripts call back into the binary). `--config FILE` on the command line being
/// completed is honoured, else `$AWS_CONFIG_FILE`, else `~/.aws/config`. A config that cannot be
/// read completes nothing (never an error in the middle of the user's typing).
enum NameCompletion {
    /// The config named on the words being completed.
    static func document(words: [String]) -> ConfigDocument? {
        var explicit: String?
        var i = 0
        while i < words.count {
            let w = words[i]
            if w == "--config", i + 1 < words.count { explicit = words[i + 1]; i += 2; continue }
            if w.hasPrefix("--config=") { explicit = String(w.dropFirst("--config=".count)) }
            i += 1
        }
        let path = ConfigStore.resolvePath(explicit: explicit, environment: ProcessInfo.processInfo.environment)
        return try? ConfigStore(path: path).load()
    }

    static func profiles(words: [String]) -> [String] {
        document(words: words)?.profiles.map(\.name).filter(isCompletable) ?? []
    }

    static func sessions(words: [String]) -> [String] {
        document(words: words)?.ssoSessions.map(\.name).filter(isCompletable) ?? []
    }

    /// Names a shell can be handed as one completion word (no whitespace or control characters).
    static func isCompletable(_ s: String) -> Bool {
        !s.isEmpty && !s.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0.properties.isWhitespace }
    }
}

extension CompletionKind {
    /// Profile names from the config.
    static var profiles: CompletionKind { .custom { words, _, _ in NameCompletion.profiles(words: words) } }
    /// sso-session names from the config.
    static var sessions: CompletionKind { .custom { words, _, _ in NameCompletion.sessions(words: words) } }
}
