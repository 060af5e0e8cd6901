import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// `--clock-skew S`: every response's `Date` header says now + S seconds, so that a client's
/// clock-skew check (`aws-sso-tui doctor --online`) can be tested. Hummingbird sets `Date` after
/// the responder, so the header is rewritten here, on its way out.
final class DateSkewHandler: ChannelOutboundHandler, RemovableChannelHandler, Sendable {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let skew: Double
    init(skew: Double) { self.skew = skew }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head(var head) = unwrapOutboundIn(data), head.status.code >= 200 {
            head.headerFields[.date] = Self.httpDate(Date().addingTimeInterval(skew))
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        }
        context.write(data, promise: promise)
    }

    static func httpDate(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: d)
    }
}
