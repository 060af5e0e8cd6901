import Foundation

/// A config (or credentials) file as `doctor` found it.
public enum DoctorConfigLoad: Sendable, Equatable {
    /// Parsed (a missing file is an empty document, as in botocore).
    case parsed(ConfigDocument)
    /// botocore would refuse it: file, line, reason.
    case parseError(ConfigParseError)
    /// It exists but cannot be read.
    case unreadable(path: String, reason: String)

    public var document: ConfigDocument? {
        if case let .parsed(d) = self { return d }
        return nil
    }

    /// Loads a file the way ``ConfigStore/load()`` does.
    public static func load(_ path: String) -> DoctorConfigLoad {
        do {
            return .parsed(try ConfigStore(path: path).load())
        } catch let e as ConfigParseError {
            return .parseError(e)
        } catch let e as FileError {
            return .unreadable(path: e.path, reason: e.reason)
        } catch {
            return .unreadable(path: path, reason: "\(error)")
        }
    }
}

/// Everything the offline checks look at besides the cache files: the parsed config and
/// credentials files, the environment, HOME, the clock and an optional `--session`.
public struct DoctorInput: Sendable {
    public var configPath: String
    public var config: DoctorConfigLoad
    public var credentialsPath: String
    public var credentials: DoctorConfigLoad
    /// `~/.aws/config` when the config in use is another file (`--config`, `AWS_CONFIG_FILE`):
    /// tokens of its sessions are not orphans.
    public var otherConfigs: [ConfigDocument]
    public var environment: [String: String]
    public var home: String
    public var now: Date
    /// `--session S`: per-session findings of other sessions are left out.
    public var session: String?

    public init(configPath: String, config: DoctorConfigLoad, credentialsPath: String,
                credentials: DoctorConfigLoad, otherConfigs: [ConfigDocument] = [],
                environment: [String: String], home: String, now: Date, session: String? = nil) {
        self.configPath = configPath
        self.config = config
        self.credentialsPath = credentialsPath
        self.credentials = credentials
        self.otherConfigs = otherConfigs
        self.environment = environment
        self.home = home
        self.now = now
        self.session = session
    }

    /// Reads the config (`--config` > `$AWS_CONFIG_FILE` > `~/.aws/config`), the credentials
    /// file (`$AWS_SHARED_CREDENTIALS_FILE` > `~/.aws/credentials`) and, when the config is
    /// another file, `~/.aws/config` too.
    public static func gather(explicitConfig: String?, environment: [String: String], home: String,
                              now: Date, session: String? = nil) -> DoctorInput {
        var env = environment
        env["HOME"] = home
        let configPath = ConfigStore.resolvePath(explicit: explicitConfig, environment: env)
        let credRaw = env["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/credentials"
        let credPath = ConfigStore.expandUser(ConfigStore.expandVars(credRaw, env), env)
        let defaultPath = (home as NSString).appendingPathComponent(".aws/config")
        var others: [ConfigDocument] = []
        if ConfigStore(path: configPath).targetPath != ConfigStore(path: defaultPath).targetPath,
           let d = DoctorConfigLoad.load(defaultPath).document {
            others.append(d)
        }
        return DoctorInput(configPath: configPath, config: .load(configPath), credentialsPath: credPath,
                           credentials: .load(credPath), otherConfigs: others, environment: environment,
                           home: home, now: now, session: session)
    }

    public var ssoCacheDirectory: String { SSOCache.default(home: home).directory }
    public var roleCacheDirectory: String { RoleCredentialCache.default(home: home).directory }
}
