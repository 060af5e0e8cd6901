import CNCursesw
import Foundation
import XCTest
@testable import TUIKit

/// Curses positions the cursor with the C library's `wcwidth`, so our table must agree with it
/// for the characters we draw, or the screen drifts. Skipped when no UTF-8 locale exists; the
/// other tests never depend on the locale.
final class WcwidthAgreementTests: XCTestCase {
    func testAgreesWithGlibcForCommonRanges() throws {
        let saved = String(cString: setlocale(LC_CTYPE, nil))
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil || setlocale(LC_CTYPE, "C.utf8") != nil else {
            throw XCTSkip("no C.UTF-8 locale")
        }
        defer { setlocale(LC_CTYPE, saved) }
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x36F, 0x370...0x52F, 0x1100...0x11FF, 0x2000...0x2BFF,
            0x2E80...0x9FFF, 0xAC00...0xD7A3, 0xF900...0xFFFD, 0x1F000...0x1FAFF,
        ]
        var mismatches: [String] = []
        for r in ranges {
            for v in r {
                guard let s = Unicode.Scalar(v) else { continue }
                let c = tk_wcwidth(v)
                if c < 0 { continue }   // unassigned or non-printable for glibc
                let ours = DisplayWidth.of(scalar: s)
                if Int(c) != ours { mismatches.append(String(format: "U+%04X glibc %d ours %d", v, c, ours)) }
            }
        }
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches)")
    }
}
