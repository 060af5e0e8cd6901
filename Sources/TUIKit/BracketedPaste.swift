/// One result of curses' `get_wch`: a character, or a function-key code (`KEY_*`, or a code
/// defined with `define_key`).
///
/// ```swift
/// decoder.feed(.char(0x61), into: &events)
/// ```
public enum CursesInput: Hashable, Sendable {
    /// A character (`get_wch` returned `OK`).
    case char(UInt32)
    /// A function-key code (`get_wch` returned `KEY_CODE_YES`).
    case code(Int32)
}

/// Turns curses input into events, with bracketed paste (`ESC [ 200 ~` text `ESC [ 201 ~`)
/// decoded however the input is split: curses reports a marker as one code when the whole
/// sequence arrives within its ESC delay, and as separate characters (ESC, `[`, `2`...) when a
/// read boundary on a busy machine splits it — both are recognised, at either end. Between the
/// markers everything is text (function keys curses decoded from pasted bytes are dropped): a
/// paste never runs as keystrokes, and it is one ``InputEvent/paste(_:)`` whatever its size.
///
/// Outside a paste, an ESC that may start a split marker is held (``hasPending``) until the next
/// input shows what it is, or ``flush(into:)`` (called when no more input comes soon) lets it
/// out as the Escape key.
///
/// ```swift
/// var d = PasteDecoder(beginCode: 0x300, endCode: 0x301)
/// var out: [InputEvent] = []
/// for u in [27, 91, 50, 48, 48, 126, 104, 105] { d.feed(.char(u), into: &out) }  // ESC[200~hi
/// d.feed(.code(0x301), into: &out)
/// // out == [.paste("hi")]
/// ```
public struct PasteDecoder: Sendable {
    /// The codes the terminal defined for the two markers (`define_key`).
    public let beginCode: Int32
    public let endCode: Int32
    /// The most text one paste keeps (more is dropped, the end marker still found).
    public var maxPaste: Int

    private static let begin: [UInt32] = [27, 91, 50, 48, 48, 126]   // ESC [ 2 0 0 ~
    private static let end: [UInt32] = [27, 91, 50, 48, 49, 126]     // ESC [ 2 0 1 ~

    private var pending: [UInt32] = []
    private var text: String.UnicodeScalarView? = nil
    private var count = 0

    /// A decoder for a terminal whose markers are defined as these codes.
    public init(beginCode: Int32, endCode: Int32, maxPaste: Int = 16 << 20) {
        self.beginCode = beginCode
        self.endCode = endCode
        self.maxPaste = maxPaste
    }

    /// Inside a paste (its end not seen yet).
    public var inPaste: Bool { text != nil }

    /// Outside a paste, characters are held that may be the start of a split begin marker.
    public var hasPending: Bool { text == nil && !pending.isEmpty }

    /// Feeds one unit; appends the events it completes.
    public mutating func feed(_ u: CursesInput, into out: inout [InputEvent]) {
        if text != nil { feedInPaste(u, into: &out) } else { feedOutside(u, into: &out) }
    }

    /// No more input is coming soon: held characters become keys.
    public mutating func flush(into out: inout [InputEvent]) {
        guard text == nil else { return }
        let held = pending
        pending = []
        for c in held { emitKey(c, into: &out) }
    }

    private mutating func startPaste() {
        pending = []
        text = String.UnicodeScalarView()
        count = 0
    }

    private mutating func feedOutside(_ u: CursesInput, into out: inout [InputEvent]) {
        switch u {
        case .code(let c) where c == beginCode:
            flush(into: &out)
            startPaste()
        case .code(let c) where c == endCode:
            flush(into: &out)          // a stray end marker: nothing
        case .code(let c):
            flush(into: &out)
            if let k = CursesKeyTable.key(wch: UInt32(bitPattern: c), isFunctionKey: true) { out.append(.key(k)) }
        case .char(let c):
            if pending.isEmpty && c != 27 { emitKey(c, into: &out); return }
            let candidate = pending + [c]
            if Self.begin.starts(with: candidate) {
                if candidate.count == Self.begin.count { startPaste() } else { pending = candidate }
                return
            }
            flush(into: &out)
            feedOutside(u, into: &out)
        }
    }

    private mutating func feedInPaste(_ u: CursesInput, into out: inout [InputEvent]) {
        switch u {
        case .code(let c) where c == endCode:
            finish(into: &out)
        case .code:
            break   // a key curses decoded from pasted bytes, or a nested begin: not text
        case .char(let c):
            if pending.isEmpty && c != 27 { append(c); return }
            let candidate = pending + [c]
            if Self.end.starts(with: candidate) {
                if candidate.count == Self.end.count { pending = []; finish(into: &out) } else { pending = candidate }
                return
            }
            // Not the end marker after all: what was held is text.
            let held = pending
            pending = []
            for h in held { append(h) }
            feedInPaste(u, into: &out)
        }
    }

    private mutating func append(_ c: UInt32) {
        guard count < maxPaste, let s = Unicode.Scalar(c) else { return }
        text!.append(s == "\r" ? "\n" : s)
        count += 1
    }

    private mutating func finish(into out: inout [InputEvent]) {
        for h in pending { append(h) }
        pending = []
        out.append(.paste(String(text ?? String.UnicodeScalarView())))
        text = nil
    }

    private func emitKey(_ c: UInt32, into out: inout [InputEvent]) {
        if let k = CursesKeyTable.key(wch: c, isFunctionKey: false) { out.append(.key(k)) }
    }
}
