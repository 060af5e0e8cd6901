import CQRencode

/// A QR code drawn with half-block characters (two modules per cell vertically), from the
/// modules libqrencode computes. Light modules are drawn as blocks in bright white on black,
/// so the code scans on dark and light terminal themes; a quiet zone surrounds it.
///
/// ```swift
/// if let qr = QRCode("https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH"),
///    qr.size.width <= area.width, qr.size.height <= area.height {
///     qr.render(in: area, on: &canvas)
/// }
/// ```
public struct QRCode: Hashable, Sendable {
    /// Error-correction level.
    public enum Level: Hashable, Sendable {
        /// ~7% recovery (smallest).
        case low
        /// ~15% recovery.
        case medium
        /// ~25% recovery.
        case quartile
        /// ~30% recovery.
        case high
    }

    /// The module matrix without the quiet zone: `modules[y][x]` is true for a dark module.
    public let modules: [[Bool]]
    /// Light modules around the code on each side.
    public var quietZone: Int

    /// Encodes `text` (as 8-bit bytes) with libqrencode; nil if it cannot be encoded
    /// (too long).
    ///
    /// ```swift
    /// let qr = QRCode("https://example.com", level: .low, quietZone: 2)
    /// ```
    public init?(_ text: String, level: Level = .low, quietZone: Int = 2) {
        let lv: QRecLevel
        switch level {
        case .low: lv = QR_ECLEVEL_L
        case .medium: lv = QR_ECLEVEL_M
        case .quartile: lv = QR_ECLEVEL_Q
        case .high: lv = QR_ECLEVEL_H
        }
        guard let code = QRcode_encodeString(text, 0, lv, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let w = Int(code.pointee.width)
        var m: [[Bool]] = []
        m.reserveCapacity(w)
        for y in 0..<w {
            m.append((0..<w).map { x in (code.pointee.data[y * w + x] & 1) != 0 })
        }
        modules = m
        self.quietZone = max(0, quietZone)
    }

    /// Modules per side, without the quiet zone.
    public var moduleCount: Int { modules.count }

    /// Cells needed: `modules + 2·quietZone` columns and half as many rows (rounded up).
    ///
    /// ```swift
    /// if qr.size.height <= area.height { ... }
    /// ```
    public var size: Size {
        let n = moduleCount + 2 * quietZone
        return Size(width: n, height: (n + 1) / 2)
    }

    /// Cells needed to show `text` as a QR code, or nil if it cannot be encoded. Use it to
    /// show the code only when it fits.
    ///
    /// ```swift
    /// if let s = QRCode.size(for: url), s.width <= free.width && s.height <= free.height { ... }
    /// ```
    public static func size(for text: String, level: Level = .low, quietZone: Int = 2) -> Size? {
        QRCode(text, level: level, quietZone: quietZone)?.size
    }

    /// The matrix with the quiet zone added: true = dark.
    ///
    /// ```swift
    /// qr.paddedModules.count == qr.moduleCount + 2 * qr.quietZone
    /// ```
    public var paddedModules: [[Bool]] {
        let n = moduleCount + 2 * quietZone
        var out = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for y in 0..<moduleCount { for x in 0..<moduleCount { out[y + quietZone][x + quietZone] = modules[y][x] } }
        return out
    }

    /// Draws the code centred in `rect`. Returns false (drawing nothing) if it does not fit.
    ///
    /// ```swift
    /// if !qr.render(in: area, on: &canvas) { canvas.text("(enlarge the window for a QR code)", at: area.origin) }
    /// ```
    @discardableResult
    public func render(in rect: Rect, on canvas: inout Canvas) -> Bool {
        let s = size
        guard s.width <= rect.width, s.height <= rect.height, s.width > 0 else { return false }
        let area = rect.centered(s)
        let m = paddedModules
        let n = m.count
        let style = Style(fg: .brightWhite, bg: .black)
        for row in 0..<s.height {
            for x in 0..<n {
                let topLight = !m[row * 2][x]
                let bottomLight = row * 2 + 1 < n ? !m[row * 2 + 1][x] : false
                let ch: Character = topLight && bottomLight ? "█" : topLight ? "▀" : bottomLight ? "▄" : " "
                canvas.put(ch, at: Point(x: area.x + x, y: area.y + row), style: style)
            }
        }
        return true
    }
}
