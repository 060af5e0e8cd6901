import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O failure with the path and the system's reason (never file contents).
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }

    static func errno(_ path: String, _ what: String) -> FileError {
        FileError(path: path, reason: "\(what): \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Crash-safe file writing: a temporary file in the same directory, fsync, rename over the
/// target, fsync of the directory. A reader (or a kill -9) never sees a partial file.
enum AtomicFile {
    /// Creates `dir` and any missing parents with `mode` (existing directories are left alone).
    static func makeDirectories(_ dir: String, mode: mode_t) throws {
        if dir.isEmpty { return }
        var st = stat()
        if stat(dir, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw FileError(path: dir, reason: "not a directory") }
            return
        }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != dir { try makeDirectories(parent, mode: mode) }
        if mkdir(dir, mode) != 0 && Glibc.errno != EEXIST { throw FileError.errno(dir, "cannot create directory") }
        _ = chmod(dir, mode)   // mkdir applies the umask; we want exactly `mode` for what we create
    }

    /// Writes `data` to `path` atomically. `mode`, `owner` apply to the new file.
    static func write(_ data: Data, to path: String, mode: mode_t,
                      owner: (uid_t, gid_t)? = nil) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        var template = Array("\(dir.isEmpty ? "." : dir)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.errno(path, "cannot create temporary file") }
        let tmp = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw FileError.errno(tmp, "chmod") }
            if let (u, g) = owner, u != geteuid() || g != getegid() {
                _ = fchown(fd, u, g)   // best effort: only root can give a file away
            }
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var off = 0
                while off < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                    if n < 0 {
                        if Glibc.errno == EINTR { continue }
                        throw FileError.errno(tmp, "write")
                    }
                    off += n
                }
            }
            guard fsync(fd) == 0 else { throw FileError.errno(tmp, "fsync") }
        }
        guard rename(tmp, path) == 0 else { throw FileError.errno(path, "rename") }
        ok = true
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// The most any file we read may hold (config, token and cache files are kilobytes; the
    /// largest configs seen are a few MiB).
    static let readLimit = 16 << 20

    /// Reads a whole file; nil when it does not exist. Only a regular file is read (a link to
    /// `/dev/zero`, a FIFO or a directory is an error, and opening never blocks), and at most
    /// `limit` bytes: a bigger file is an error, never read into memory.
    static func read(_ path: String, limit: Int = readLimit) throws -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            if Glibc.errno == ENOENT { return nil }
            throw FileError.errno(path, "cannot read")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError.errno(path, "cannot read") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(path: path, reason: "not a regular file; not read") }
        if Int(st.st_size) > limit { throw FileError(path: path, reason: "larger than \(limit >> 20) MiB; not read") }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw FileError.errno(path, "read")
            }
            if n == 0 { break }
            // The file may grow while it is read.
            if data.count + n > limit { throw FileError(path: path, reason: "larger than \(limit >> 20) MiB; not read") }
            data.append(contentsOf: buf[0..<n])
        }
        return data
    }
}
