import Foundation

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
}
