import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `lstat` says about a path.
public struct DoctorFileInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, other }
    public var kind: Kind
    /// Permission bits (`st_mode & 0o7777`).
    public var mode: UInt32
    public var owner: UInt32

    public init(kind: Kind, mode: UInt32, owner: UInt32) {
        self.kind = kind
        self.mode = mode
        self.owner = owner
    }
}

/// The result of reading a whole file.
public enum DoctorRead: Sendable, Equatable {
    case data(Data)
    case missing
    /// Permission denied (EACCES/EPERM): the file's mode or owner is the problem, not its content.
    case denied
    case failed(String)
}

/// The files `doctor` looks at and repairs, behind a protocol so the checks run against an
/// in-memory tree in tests. Paths are absolute.
public protocol DoctorFileSystem: Sendable {
    /// The user the checks run as (files should be theirs).
    var userID: UInt32 { get }
    /// `lstat`: nil when nothing is there.
    func info(_ path: String) -> DoctorFileInfo?
    /// The names in a directory (no `.`/`..`), nil when it cannot be listed.
    func list(_ directory: String) -> [String]?
    func read(_ path: String) -> DoctorRead
    /// True when `path` (symlinks followed) is a regular file this user can read.
    func isReadableFile(_ path: String) -> Bool

    func setMode(_ path: String, _ mode: UInt32) throws
    func remove(_ path: String) throws
    /// Replaces `path` atomically with a new file of this user holding `data`, mode 0600.
    func replace(_ path: String, with data: Data) throws
}

/// ``DoctorFileSystem`` on the real disk.
public struct LocalDoctorFileSystem: DoctorFileSystem {
    public init() {}

    public var userID: UInt32 { UInt32(geteuid()) }

    public func info(_ path: String) -> DoctorFileInfo? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        let kind: DoctorFileInfo.Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return DoctorFileInfo(kind: kind, mode: UInt32(st.st_mode & 0o7777), owner: UInt32(st.st_uid))
    }

    public func list(_ directory: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: directory)
    }

    public func read(_ path: String) -> DoctorRead {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT { return .missing }
            if e == EACCES || e == EPERM { return .denied }
            return .failed(String(cString: strerror(e)))
        }
        close(fd)
        do {
            guard let d = try AtomicFile.read(path) else { return .missing }
            return .data(d)
        } catch let e as FileError {
            return .failed(e.reason)
        } catch {
            return .failed("unreadable")
        }
    }

    public func isReadableFile(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, R_OK) == 0
    }

    public func setMode(_ path: String, _ mode: UInt32) throws {
        if chmod(path, mode_t(mode)) != 0 { throw FileError.errno(path, "chmod") }
    }

    public func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw FileError.errno(path, "cannot delete") }
    }

    public func replace(_ path: String, with data: Data) throws {
        try AtomicFile.write(data, to: path, mode: 0o600)
    }
}
