import RedressFuzzSupport
import RedressProjections

/// libFuzzer entry point for the policy parser (built only by tools/fuzz).
///
/// Beyond "never crash": a policy that parses must parse again from its canonical JSON to
/// the same digest, or the fuzzer stops with the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let policy = try? Policy.parse(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    guard let again = try? Policy.parse(Array(policy.canonicalJSON.utf8)), again.sha256 == policy.sha256 else {
        fatalError("the canonical form of a parsed policy does not parse to the same policy: \(policy.canonicalJSON)")
    }
    return 0
}

@_cdecl("RedressFuzzPolicy_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzPolicy)
}
