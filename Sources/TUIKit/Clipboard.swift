import Foundation

/// Copies text to the system clipboard with the OSC 52 terminal escape, which works over SSH
/// and in tmux (with `set -g set-clipboard on`), written straight to the controlling tty.
///
/// ```swift
/// Clipboard.copy("https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH")
/// ```
public enum Clipboard {
    /// The escape sequence: `ESC ] 52 ; c ; <base64> BEL`. With `tmuxPassthrough`, wrapped in
    /// tmux's DCS passthrough (for tmux with `allow-passthrough on`).
    ///
    /// ```swift
    /// Clipboard.osc52("hi")   // "\u{1b}]52;c;aGk=\u{07}"
    /// ```
    public static func osc52(_ text: String, tmuxPassthrough: Bool = false) -> String {
        let seq = "\u{1b}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        if tmuxPassthrough {
            return "\u{1b}Ptmux;" + seq.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}") + "\u{1b}\\"
        }
        return seq
    }

    /// Writes the OSC 52 sequence to `/dev/tty` (not stdout, so it never mixes with program
    /// output). Returns false if the tty could not be opened.
    ///
    /// ```swift
    /// if !Clipboard.copy(code) { toast = Toast("Could not copy", level: .warning) }
    /// ```
    @discardableResult
    public static func copy(_ text: String, ttyPath: String = "/dev/tty", tmuxPassthrough: Bool = false) -> Bool {
        let fd = open(ttyPath, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = Array(osc52(text, tmuxPassthrough: tmuxPassthrough).utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }
}
