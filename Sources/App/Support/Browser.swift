import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens URLs: `$BROWSER` if set, else `xdg-open`. Failure is not an error (the URL and code stay
/// on screen). `wait`: how long to watch the browser command for an immediate failure. The child's output goes to /dev/null so it cannot disturb the terminal.
enum Browser {
    @discardableResult
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                     wait: TimeInterval = 0) -> Bool {
        let browser = environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 }
        // $BROWSER may be a colon-separated list; use the first entry. Split it shell-style
        // without a shell so the URL is never interpreted.
        let command = browser.map { String($0.split(separator: ":").first ?? "") } ?? "xdg-open"
        var argv = command.split(separator: " ").map(String.init)
        guard !argv.isEmpty else { return false }
        argv.append(url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard Self.resolve(argv[0], path: environment["PATH"] ?? "/usr/bin:/bin") else { return false }
        do { try p.run() } catch { return false }
        // A browser that fails at once (no display, not installed: `env` exits 127) is no browser;
        // one still running after `wait` seconds, or that exited 0, opened the URL.
        let deadline = Date().addingTimeInterval(wait)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        return p.isRunning || p.terminationStatus == 0
    }

    /// Whether `command` names an executable (itself, or on `path`).
    static func resolve(_ command: String, path: String) -> Bool {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) }
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(command)") }
    }

    /// Opens a bearer link (the console sign-in link) without putting it in the browser's argv,
    /// where every local user could read it in /proc/PID/cmdline for its 15 minutes: the link
    /// goes into a 0600 HTML file in a 0700 directory of ours that forwards to it, and the browser
    /// is given that file. Files older than 15 minutes (the link's life) are removed first.
    @discardableResult
    static func openPrivately(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                              wait: TimeInterval = 0) -> Bool {
        guard let file = try? writeForwarder(url, environment: environment) else { return false }
        return open(URL(fileURLWithPath: file).absoluteString, environment: environment, wait: wait)
    }

    /// `$XDG_RUNTIME_DIR/aws-sso-tui` (a per-user tmpfs) when set, else
    /// `~/.cache/aws-sso-tui/console`; created 0700.
    static func forwarderDirectory(_ environment: [String: String]) -> String {
        if let r = environment["XDG_RUNTIME_DIR"], r.hasPrefix("/") { return r + "/aws-sso-tui" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/aws-sso-tui/console"
    }

    static func writeForwarder(_ url: String, environment: [String: String]) throws -> String {
        let dir = forwarderDirectory(environment)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        _ = chmod(dir, 0o700)
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix("console-") {
            let p = dir + "/" + name
            if let m = (try? fm.attributesOfItem(atPath: p))?[.modificationDate] as? Date, m.timeIntervalSinceNow < -900 {
                unlink(p)
            }
        }
        let esc = url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        let html = """
            <!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
            <meta http-equiv="refresh" content="0;url=\(esc)"><title>AWS console</title></head>
            <body><p><a href="\(esc)">Continue to the AWS console</a></p></body></html>

            """
        let path = dir + "/console-\(UUID().uuidString.lowercased()).html"
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        defer { close(fd) }
        let bytes = Array(html.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }
}
