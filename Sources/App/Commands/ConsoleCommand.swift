import ArgumentParser
import Core
import Foundation

/// `console`: opens (or prints) an AWS console sign-in URL for a profile's role.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "AWS console sign-in URL for a role (federation), opened or printed.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The profile (default: $AWS_PROFILE, else default).", completion: .profiles) var profile: String?
    @OptionGroup var loginOptions: AutoLoginOptions
    @Flag(name: .long, help: "Print the URL instead of opening a browser.") var print = false
    @Option(name: .long, help: "Console session length in seconds (900-43200).") var duration: Int?
    @Option(name: .long, help: "Console URL to land on (default: the console home of the profile's region).") var destination: String?

    func run() async throws {
        if let d = duration, !(900...43200).contains(d) { throw CLIError.usage("--duration must be between 900 and 43200 seconds") }
        let ctx = try ProfileCredentials.context(global: global, profile: profile)
        let region = ctx.profile?.region ?? ctx.session.region
        guard let fed = ctx.resolver.federationURL(region: region) else {
            throw CLIError(message: "the \(Partition.of(region: region).id) partition has no public console sign-in")
        }
        let creds = try await AutoLogin.run(ctx, loginOptions) { try await ProfileCredentials.get($0) }
        let dest = destination ?? ctx.resolver.consoleURL(region: region) ?? "https://console.aws.amazon.com/"
        let url: String
        do {
            url = try await ConsoleSignIn(transport: ctx.transport, federationURL: fed)
                .signInURL(credentials: creds, destination: dest, issuer: ctx.session.startURL, sessionDuration: duration,
                           timeout: SSOContext.timeout)
        } catch {
            throw ctx.mapPortalError(error)
        }
        if print {
            ConfigCLI.say(url)
        } else if Browser.openPrivately(url, wait: 2) {
            ConfigCLI.say("Opened the AWS console for profile \(ConfigCLI.safe(ctx.profile?.name ?? "")) in the browser.")
        } else {
            // The link is a bearer token: printed only when asked for.
            throw CLIError(message: "no browser could be started ($BROWSER or xdg-open); use --print to print the sign-in URL")
        }
    }
}
