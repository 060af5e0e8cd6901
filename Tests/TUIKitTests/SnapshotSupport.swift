import Foundation
import XCTest
@testable import TUIKit

/// Compares a canvas with `__Snapshots__/<name>.txt` next to this file.
/// Missing files, or any file when TUIKIT_RECORD=1, are (re)recorded — and the test fails so a
/// recording never passes silently.
func assertSnapshot(_ canvas: Canvas, named name: String, styles: Bool = false,
                    file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let url = dir.appendingPathComponent("\(name).txt")
    var text = "# \(canvas.width)x\(canvas.height)\n"
    text += canvas.lines().map { $0 + "|" }.joined(separator: "\n") + "\n"
    if styles {
        text += "# styles\n" + canvas.styleLines().map { $0 + "|" }.joined(separator: "\n") + "\n"
    }
    let record = ProcessInfo.processInfo.environment["TUIKIT_RECORD"] == "1"
    if record || !FileManager.default.fileExists(atPath: url.path) {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        XCTFail("Recorded snapshot \(name).txt; check it and re-run without TUIKIT_RECORD", file: file, line: line)
        return
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    if expected != text {
        XCTFail("Snapshot \(name) differs.\n--- expected\n\(expected)--- actual\n\(text)", file: file, line: line)
    }
}

/// Standard sizes every widget is rendered at.
let snapshotSizes: [Size] = [Size(width: 1, height: 1), Size(width: 20, height: 5), Size(width: 44, height: 12)]
