import Foundation
import XCTest
@testable import TUIKit

/// Renders a QR code with the widget, turns the half-block characters back into pixels,
/// writes a PGM image, and decodes it with zbarimg (an independent decoder).
final class QRDecodeTests: XCTestCase {
    func zbarimg() -> String? {
        for p in ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Pixels from the canvas: each cell is two module rows; a light half is a white pixel.
    func pixels(from canvas: Canvas, area: Rect) -> [[Bool]] {   // true = dark
        var rows: [[Bool]] = [[], []]
        var out: [[Bool]] = []
        for y in area.y..<area.maxY {
            rows = [[], []]
            for x in area.x..<area.maxX {
                let g = canvas[x, y].grapheme
                let (top, bottom): (Bool, Bool) = {
                    switch g {
                    case "█": return (false, false)
                    case "▀": return (false, true)
                    case "▄": return (true, false)
                    default: return (true, true)
                    }
                }()
                rows[0].append(top); rows[1].append(bottom)
            }
            out.append(rows[0]); out.append(rows[1])
        }
        return out
    }

    func writePGM(_ px: [[Bool]], scale: Int, margin: Int, to url: URL) throws {
        let h = px.count, w = px.first?.count ?? 0
        let W = (w + 2 * margin) * scale, H = (h + 2 * margin) * scale
        var data = Data("P5\n\(W) \(H)\n255\n".utf8)
        var bytes = [UInt8](repeating: 255, count: W * H)
        for y in 0..<h { for x in 0..<w where px[y][x] {
            for dy in 0..<scale { for dx in 0..<scale {
                bytes[((y + margin) * scale + dy) * W + (x + margin) * scale + dx] = 0
            } }
        } }
        data.append(contentsOf: bytes)
        try data.write(to: url)
    }

    func decode(_ url: URL) throws -> String {
        guard let z = zbarimg() else { throw XCTSkip("zbarimg not installed (Debian: zbar-tools)") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: z)
        p.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func roundTrip(_ text: String, quietZone: Int) throws {
        let qr = try XCTUnwrap(QRCode(text, quietZone: quietZone))
        var c = Canvas(width: qr.size.width + 6, height: qr.size.height + 2)
        c.fill(c.bounds, with: "x")       // the surroundings must not matter
        XCTAssertTrue(qr.render(in: c.bounds, on: &c))
        let area = c.bounds.centered(qr.size)
        var px = pixels(from: c, area: area)
        if px.count > area.width { px.removeLast() }   // odd module count: drop the padding row
        // The rendered quiet zone is light.
        XCTAssertTrue(px[0].allSatisfy { !$0 })
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tuikit-qr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: url) }
        // Extra white margin only if the widget's own quiet zone is thin (paper around a phone screen).
        try writePGM(px, scale: 4, margin: max(0, 4 - quietZone), to: url)
        XCTAssertEqual(try decode(url), text)
    }

    func testDeviceURLDecodes() throws {
        try roundTrip("https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH", quietZone: 2)
    }

    func testLongerURLWithFullQuietZoneDecodes() throws {
        try roundTrip("http://127.0.0.1:8787/device?user_code=WXYZ-2345&state=" + String(repeating: "q", count: 60), quietZone: 4)
    }

    func testGarbageDoesNotDecodeToTheURL() throws {
        // Guard against a decoder that always "succeeds": flip the modules and it must fail.
        let qr = try XCTUnwrap(QRCode("https://example.com/x", quietZone: 4))
        let px = qr.paddedModules.map { $0.enumerated().map { $0.offset % 3 == 0 ? !$0.element : $0.element } }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tuikit-qr-bad-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: url) }
        try writePGM(px, scale: 4, margin: 0, to: url)
        XCTAssertNotEqual(try decode(url), "https://example.com/x")
    }
}
