import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The config file on disk: path resolution, loading, and safe saving.
///
/// Saving (`update`) works under an exclusive `flock` on `<config>.lock` (a separate file that is
/// never replaced, so every writer locks the same inode), reads the current file, applies the
/// edit to it, and replaces the file atomically (temporary file in the same directory, fsync,
/// rename). Mode and owner are kept; a new file is 0600 and a new `~/.aws` is 0700. A symlinked
/// config is followed and its target replaced. The previous content is kept in `<config>.bak`
/// (one backup). If the file changes on disk between the read and the rename (a writer that does
/// not take our lock, such as the AWS CLI), the edit is applied again to the new content.
///
/// ```swift
/// let store = ConfigStore(path: ConfigStore.resolvePath(explicit: opts.config, environment: env))
/// try store.update { doc in try doc.upsertProfile(p) }
/// ```
public struct ConfigStore: Sendable {
    /// The config path as given (after `~`/`$VAR` expansion); may be a symlink.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// `--config` > `$AWS_CONFIG_FILE` > `~/.aws/config`, with `$VAR`/`${VAR}` and `~` expanded
    /// (botocore's `os.path.expandvars` then `os.path.expanduser`).
    public static func resolvePath(explicit: String?, environment: [String: String]) -> String {
        let raw: String
        if let e = explicit, !e.isEmpty { raw = e }
        else if let e = environment["AWS_CONFIG_FILE"], !e.isEmpty { raw = e }
        else { raw = "~/.aws/config" }
        return expandUser(expandVars(raw, environment), environment)
    }

    /// Python `os.path.expandvars`: `$name` / `${name}` with ASCII word characters; unknown
    /// variables are left as they are.
    static func expandVars(_ s: String, _ env: [String: String]) -> String {
        guard s.contains("$") else { return s }
        let chars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ u: Unicode.Scalar) -> Bool {
            u.isASCII && (u == "_" || ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u))
        }
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count {
                if chars[i + 1] == "{", let close = chars[(i + 2)...].firstIndex(of: "}") {
                    var n = String.UnicodeScalarView(); n.append(contentsOf: chars[(i + 2)..<close])
                    if let v = env[String(n)] {
                        out.append(contentsOf: v.unicodeScalars); i = close + 1; continue
                    }
                } else if isWord(chars[i + 1]) {
                    var j = i + 1
                    while j < chars.count, isWord(chars[j]) { j += 1 }
                    var n = String.UnicodeScalarView(); n.append(contentsOf: chars[(i + 1)..<j])
                    if let v = env[String(n)] {
                        out.append(contentsOf: v.unicodeScalars); i = j; continue
                    }
                    out.append(contentsOf: chars[i..<j]); i = j; continue
                }
            }
            out.append(chars[i]); i += 1
        }
        return String(out)
    }

    /// Python `os.path.expanduser`: `~` and `~/...` use `$HOME`, `~user` the password database.
    static func expandUser(_ s: String, _ env: [String: String]) -> String {
        guard s.hasPrefix("~") else { return s }
        let slash = s.firstIndex(of: "/") ?? s.endIndex
        let user = String(s[s.index(after: s.startIndex)..<slash])
        let home: String
        if user.isEmpty {
            if let h = env["HOME"] { home = h }
            else if let pw = getpwuid(getuid()), let d = pw.pointee.pw_dir { home = String(cString: d) }
            else { return s }
        } else {
            guard let pw = getpwnam(user), let d = pw.pointee.pw_dir else { return s }
            home = String(cString: d)
        }
        let rest = String(s[slash...])
        if home == "/" && rest.hasPrefix("/") { return rest }
        return (home.hasSuffix("/") && rest.hasPrefix("/") ? String(home.dropLast()) : home) + rest
    }

    /// The file that is actually read and replaced: `path` with symlinks followed (also when the
    /// final target does not exist yet).
    public var targetPath: String {
        var p = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return p }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(p, &buf, buf.count - 1)
            guard n > 0 else { return p }
            let dest = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            p = dest.hasPrefix("/") ? dest : ((p as NSString).deletingLastPathComponent as NSString).appendingPathComponent(dest)
        }
        return p
    }

    /// The lock file used by `update` (`<target>.lock`).
    public var lockPath: String { targetPath + ".lock" }
    /// The single backup written before each save (`<target>.bak`).
    public var backupPath: String { targetPath + ".bak" }

    /// Reads and parses the file. A missing file is an empty document. Throws
    /// `ConfigParseError` (file + line) for a malformed file, `FileError` for I/O problems.
    public func load() throws -> ConfigDocument {
        let t = targetPath
        return try Self.parse(try AtomicFile.read(t), path: t)
    }

    static func parse(_ data: Data?, path: String) throws -> ConfigDocument {
        guard let data else { return .empty(path: path) }
        // Foundation drops a leading BOM when decoding, so look at the bytes: botocore cannot read
        // such a file, and a save must never silently remove it.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw ConfigParseError(path: path, line: 1, reason: "file starts with a byte order mark (botocore cannot read it)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Report the line of the first invalid byte.
            var line = 1
            var valid = data.startIndex
            for (i, b) in data.enumerated() where b == 0x0A {
                if String(data: data.prefix(i + 1), encoding: .utf8) == nil { break }
                line += 1
                valid = i
            }
            _ = valid
            throw ConfigParseError(path: path, line: line, reason: "not valid UTF-8 (botocore cannot read it)")
        }
        return try ConfigDocument(text: text, path: path)
    }

    /// The outcome of `update`.
    public struct UpdateResult: Sendable {
        /// The document as saved (or as read, when the edit changed nothing).
        public var document: ConfigDocument
        /// False when the edit left the text unchanged (nothing was written).
        public var changed: Bool
    }

    /// Applies `edit` to the current file content and saves the result atomically under the lock.
    /// Nothing is written if the file cannot be parsed, the edit throws, or nothing changed.
    @discardableResult
    public func update(_ edit: (inout ConfigDocument) throws -> Void) throws -> UpdateResult {
        let target = targetPath
        let parent = (target as NSString).deletingLastPathComponent
        let dir = parent.isEmpty ? "." : parent
        if !FileManager.default.fileExists(atPath: dir) { try AtomicFile.makeDirectories(dir, mode: 0o700) }

        let lockFD = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw FileError.errno(lockPath, "cannot open lock file") }
        defer { close(lockFD) }   // closing releases the flock
        while flock(lockFD, LOCK_EX) != 0 {
            if errno != EINTR { throw FileError.errno(lockPath, "cannot lock") }
        }

        removeStaleTemporaryFiles(target)
        for _ in 0..<20 {
            let before = try AtomicFile.read(target)
            var doc = try Self.parse(before, path: target)
            let original = doc.render()
            try edit(&doc)
            let text = doc.render()
            if text == original && before != nil {
                return UpdateResult(document: doc, changed: false)
            }
            // Keep mode and owner of an existing file; a new file is 0600.
            var st = stat()
            let exists = stat(target, &st) == 0
            let mode: mode_t = exists ? (st.st_mode & 0o7777) : 0o600
            let owner: (uid_t, gid_t)? = exists ? (st.st_uid, st.st_gid) : nil
            // Someone who does not take our lock may have written meanwhile: start again.
            if try AtomicFile.read(target) != before { continue }
            if let before {
                try AtomicFile.write(before, to: backupPath, mode: 0o600)
            }
            try AtomicFile.write(Data(text.utf8), to: target, mode: mode, owner: owner)
            return UpdateResult(document: doc, changed: true)
        }
        throw FileError(path: target, reason: "the file keeps changing on disk; not saved")
    }

    /// Temporary files left by a writer that was killed mid-save (`.config.tmp-XXXXXX`,
    /// `.config.bak.tmp-XXXXXX`). Only called with the lock held, so no save is in progress.
    func removeStaleTemporaryFiles(_ target: String) {
        let dir = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        let prefixes = [".\(base).tmp-", ".\(base).bak.tmp-"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        where prefixes.contains(where: { name.hasPrefix($0) && name.count == $0.count + 6 }) {
            unlink((dir as NSString).appendingPathComponent(name))
        }
    }
}
