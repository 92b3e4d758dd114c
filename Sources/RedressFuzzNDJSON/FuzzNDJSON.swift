import RedressDomain
import RedressFuzzSupport

/// libFuzzer entry point for the NDJSON line decoder (built only by tools/fuzz).
///
/// Beyond "never crash": a line that decodes must re-encode to a line that decodes to the
/// same event (the canonical form is a fixed point), or the fuzzer stops with the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let line = try? InterchangeLine.decode(bytes) else { return 0 }
    var writer = CanonicalJSONWriter()
    line.event.writeInterchange(to: &writer, expectedVersion: line.expectedVersion)
    let again = writer.bytes.withUnsafeBufferPointer { try? InterchangeLine.decode($0) }
    guard let again, again.event == line.event, again.expectedVersion == line.expectedVersion else {
        fatalError("the canonical form of a decoded line does not decode to the same event: \(writer.text)")
    }
    return 0
}

@_cdecl("RedressFuzzNDJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzNDJSON)
}
