import Glibc
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Connection-level failure modes, which a response value cannot express: `short` (the head
/// promises the whole body, half is sent, then the connection closes) and `reset` (the connection
/// is reset — TCP RST — with no answer at all). ``Server`` marks such a response with the
/// internal header ``header``; this handler, right after the HTTP codec, acts on it.
final class FaultHandler: ChannelOutboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let header = HTTPField.Name("x-emulator-fault")!

    private enum State { case normal, short, dropping }
    private var state = State.normal

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        switch (state, part) {
        case (.normal, .head(var head)):
            guard let fault = head.headerFields[Self.header] else { break }
            head.headerFields[Self.header] = nil
            if fault == "reset" {
                state = .dropping
                promise?.succeed(())
                // SO_LINGER 0: close() sends RST instead of FIN.
                if let provider = context.channel as? SocketOptionProvider {
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in context.close(promise: nil) }
                } else {
                    context.close(promise: nil)
                }
                return
            }
            state = .short
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        case (.short, .body(let buf)):
            var b = buf
            let half = b.readSlice(length: max(1, b.readableBytes / 2)) ?? b
            state = .dropping
            context.writeAndFlush(wrapOutboundOut(.body(half)), promise: nil)
            promise?.succeed(())
            context.close(promise: nil)
            return
        case (.short, .end), (.dropping, _):
            promise?.succeed(())
            if case .end = part, state == .short { state = .dropping; context.close(promise: nil) }
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }
}
