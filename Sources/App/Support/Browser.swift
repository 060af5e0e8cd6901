import Foundation

/// Opens URLs: `$BROWSER` if set, else `xdg-open`. Failure is not an error (the URL and code stay
/// on screen). The child's output goes to /dev/null so it cannot disturb the terminal.
enum Browser {
    @discardableResult
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
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
        do { try p.run() } catch { return false }
        return true
    }
}
