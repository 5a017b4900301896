import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection instead of sending a response marked `X-Sandbox-Drop`, so the client
/// gets no answer at all (not even a status line), as when a connection breaks mid-request.
final class ConnectionDropHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var dropping = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .head(let head) = part, head.headerFields[.sandboxDrop] != nil {
            dropping = true
            context.close(promise: nil)
        }
        if dropping {
            promise?.fail(ChannelError.ioOnClosedChannel)
        } else {
            context.write(data, promise: promise)
        }
    }
}
