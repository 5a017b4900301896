import Foundation
import Hummingbird

/// Leat's response envelope: `{"data": …, "meta": …}`, where `meta` is `[]` when there is nothing to say.
struct Envelope<Payload: Encodable>: Encodable {
    var data: Payload
    var meta: JSONValue = .array([])
}

/// Encodes `value` as a JSON response.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
